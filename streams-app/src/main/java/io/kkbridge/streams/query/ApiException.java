package io.kkbridge.streams.query;

/**
 * A request the API answers with an error: the HTTP status, a short code and a message for people; for a bad
 * parameter, its name.
 */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String parameter;

    private ApiException(int status, String code, String parameter, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.parameter = parameter;
    }

    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, "bad_request", parameter, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", null, message);
    }

    public static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "method_not_allowed", null, "method " + method + " is not allowed: use GET");
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String parameter() {
        return parameter;
    }
}
