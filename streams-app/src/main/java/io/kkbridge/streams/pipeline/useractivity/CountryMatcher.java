package io.kkbridge.streams.pipeline.useractivity;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Decides whether a session's {@code country} is the USA. */
public interface CountryMatcher {

    boolean isUsa(String country);

    /** The reference consumer's rule: {@code country == "USA"}, exactly. */
    static CountryMatcher exact() {
        return "USA"::equals;
    }

    /** Any of the aliases, ignoring case and surrounding blanks ({@code " united states "} matches). */
    static CountryMatcher aliases(Collection<String> aliases) {
        Set<String> normalized = aliases.stream()
                .map(CountryMatcher::normalize)
                .filter(a -> !a.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("at least one non-blank USA alias is needed");
        }
        return country -> normalized.contains(normalize(country));
    }

    private static String normalize(String country) {
        return country.strip().toLowerCase(Locale.ROOT);
    }
}
