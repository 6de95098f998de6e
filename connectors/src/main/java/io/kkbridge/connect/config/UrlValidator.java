package io.kkbridge.connect.config;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** An absolute http or https URL with a host; null (unset) passes so the key can stay optional. */
public final class UrlValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        String text = value.toString();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, value, "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ConfigException(name, value, "the URL must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, value, "the URL has no host");
        }
        // Credentials in a URL would end up in logs and the REST API's config listing.
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(name + " must not contain user information (user:password@)");
        }
    }

    @Override
    public String toString() {
        return "an http:// or https:// URL";
    }
}
