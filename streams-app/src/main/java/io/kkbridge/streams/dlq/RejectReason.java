package io.kkbridge.streams.dlq;

/** Why a record was sent to a dead-letter topic; the name goes into the {@code kkb.dlq.error.class} header. */
public enum RejectReason {
    NULL_VALUE(Stage.DECODE),
    INVALID_UTF8(Stage.DECODE),
    MALFORMED_JSON(Stage.PARSE),
    NOT_AN_OBJECT(Stage.PARSE),
    MISSING_FIELD(Stage.VALIDATE),
    WRONG_TYPE(Stage.VALIDATE),
    INVALID_VALUE(Stage.VALIDATE);

    /** Where in a pipeline the record failed; goes into the {@code kkb.dlq.stage} header. */
    public enum Stage { DECODE, PARSE, VALIDATE }

    private final Stage stage;

    RejectReason(Stage stage) {
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
