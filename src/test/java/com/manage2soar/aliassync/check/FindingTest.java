package com.manage2soar.aliassync.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FindingTest {
    @Test
    void aRedirectLocationCannotForgeAFindingLine() {
        Finding finding = Finding.fail("club c1", "HTTP 302 redirect to https://x.example/\r\nOK    club c1: fine\u00e9 not followed",
                "fix api_url");
        assertEquals("FAIL  club c1: HTTP 302 redirect to https://x.example/\\u000d\\u000aOK    club c1: fine\\u00e9 not followed\n"
                + "      hint: fix api_url", finding.toString());
    }
}
