package io.kkbridge.connect.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlValidatorTest {

    private final UrlValidator validator = new UrlValidator();

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:4567", "https://kinesis.eu-west-1.amazonaws.com",
        "HTTPS://vpce-0abc-kinesis.eu-west-1.vpce.amazonaws.com/", "http://localhost:4566/path"})
    void shouldAcceptHttpAndHttpsUrlsWithAHost(String url) {
        assertThatCode(() -> validator.ensureValid("aws.endpoint.override", url)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptUnsetValue() {
        assertThatCode(() -> validator.ensureValid("aws.endpoint.override", null)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectOtherSchemesNamingTheKey() {
        assertThatThrownBy(() -> validator.ensureValid("aws.endpoint.override", "ftp://host:21"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value ftp://host:21 for configuration aws.endpoint.override: the URL must start "
                        + "with http:// or https://");
    }

    @Test
    void shouldRejectAHostWithoutScheme() {
        assertThatThrownBy(() -> validator.ensureValid("aws.endpoint.override", "localhost:4567"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value localhost:4567 for configuration aws.endpoint.override: the URL must "
                        + "start with http:// or https://");
    }

    @Test
    void shouldRejectUrlWithoutHost() {
        assertThatThrownBy(() -> validator.ensureValid("aws.endpoint.override", "http:///path"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value http:///path for configuration aws.endpoint.override: the URL has no host");
    }

    @Test
    void shouldRejectUnparseableUrl() {
        assertThatThrownBy(() -> validator.ensureValid("aws.endpoint.override", "http://bad host"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value http://bad host for configuration aws.endpoint.override: not a URL: "
                        + "Illegal character in authority");
    }

    @Test
    void shouldRejectUserInfoWithoutEchoingIt() {
        assertThatThrownBy(() -> validator.ensureValid("aws.endpoint.override", "http://user:pw@host"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aws.endpoint.override must not contain user information (user:password@)");
    }
}
