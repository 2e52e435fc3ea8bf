package com.manage2soar.aliassync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;

/**
 * The PEM bundle of {@code http.ca_file}: the CA certificates trusted instead of the JDK's. The one reader of
 * the bundle, for the config (a bad one is a config error, not a failed run) and the HTTP client alike.
 */
public record CaFile(Path path, List<Certificate> certificates) {
    public CaFile {
        certificates = List.copyOf(certificates);
    }

    /** The bundle at {@code path}, with at least one certificate; the message names the file, not the key. */
    public static CaFile read(Path path) throws ConfigException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(path)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new ConfigException(path + ": not a readable PEM certificate bundle: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(path + " holds no PEM certificate");
        }
        return new CaFile(path, List.copyOf(certificates));
    }

    static CaFile read(Node node) throws ConfigException {
        Path path = node.asPath();
        try {
            return read(path);
        } catch (ConfigException e) {
            throw node.error(e.getMessage());
        }
    }
}
