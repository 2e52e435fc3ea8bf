package com.manage2soar.aliassync;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough SMTP to hand Postfix one message and see how it answers: a plain socket, no library. */
final class SmtpClient {
    private static final Pattern QUEUED_AS = Pattern.compile("queued as (\\w+)");

    private SmtpClient() {}

    /** The server's last reply: to the end of the message, or to the first command it refused. */
    record Reply(int code, String text) {
        boolean accepted() {
            return code < 400;
        }

        /** The ID Postfix gave the message ({@code 250 2.0.0 Ok: queued as 4F1C52A0B3}), which its log and Received header use. */
        String queueId() {
            Matcher queued = QUEUED_AS.matcher(text);
            if (!accepted() || !queued.find()) {
                throw new AssertionError("message not queued: " + this);
            }
            return queued.group(1);
        }

        @Override
        public String toString() {
            return code + " " + text;
        }
    }

    /** Sends one message from {@code from} ("" for the null sender of a bounce) to {@code to}. */
    static Reply send(int port, String from, String to) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            Reply reply = read(in);
            for (String command : List.of("EHLO client.e2e.test", "MAIL FROM:<" + from + ">", "RCPT TO:<" + to + ">",
                    "DATA", "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: e2e\r\n\r\nHello, " + to + ".\r\n.")) {
                if (!reply.accepted()) {
                    break;
                }
                out.write(command + "\r\n");
                out.flush();
                reply = read(in);
            }
            out.write("QUIT\r\n");
            out.flush();
            return reply;
        }
    }

    /** One reply, joining the lines of a multi-line one ({@code 250-...} up to {@code 250 ...}). */
    private static Reply read(BufferedReader in) throws IOException {
        StringBuilder text = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null || line.length() < 4) {
                throw new EOFException("no SMTP reply (got " + line + ") after: " + text);
            }
            text.append(text.isEmpty() ? "" : "\n").append(line.substring(4));
        } while (line.charAt(3) == '-');
        return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
    }
}
