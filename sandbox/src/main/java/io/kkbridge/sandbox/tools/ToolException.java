package io.kkbridge.sandbox.tools;

/**
 * A failure the user can act on: bad input in fail mode, a missing stream, refused credentials, records the service
 * kept refusing. {@link KkbTools} prints its message (no stack trace) and exits with code 1.
 */
public class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
