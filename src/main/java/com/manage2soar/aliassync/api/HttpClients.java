package com.manage2soar.aliassync.api;

import com.manage2soar.aliassync.config.ClubSource;
import com.manage2soar.aliassync.config.HttpSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The one HTTP client of a run: no redirects (the key must not travel), TLS always verified. */
public final class HttpClients {
    private HttpClients() {}

    /**
     * The client for {@code sources}. Without {@code ca_file} it trusts the JDK's CA certificates, unless no source
     * is {@code https}: then it trusts none, as loading them is a visible part of a no-op run and plain HTTP never
     * needs them.
     */
    public static HttpClient create(HttpSettings settings, List<ClubSource> sources) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (settings.caFile().isPresent()) {
            builder.sslContext(trustingOnly(settings.caFile().get().certificates()));
        } else if (sources.stream().noneMatch(ClubSource::isHttps)) {
            builder.sslContext(trustingOnly(List.of()));
        }
        return builder.build();
    }

    private static SSLContext trustingOnly(Collection<? extends Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
