package io.kkbridge.sandbox.tools.generate;

import io.kkbridge.testsupport.data.UserActivityGenerator;

/** User sessions shaped exactly like the sample file ({@link UserActivityGenerator}), keyed by {@code session_id}. */
public final class UserActivityRecords implements RecordGenerator {

    private final UserActivityGenerator generator;

    public UserActivityRecords(UserActivityGenerator generator) {
        this.generator = generator;
    }

    @Override
    public GeneratedRecord next() {
        UserActivityGenerator.Session session = generator.next();
        return new GeneratedRecord(session.sessionId(), session.json());
    }
}
