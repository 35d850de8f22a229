package dev.modeldeploy.storage.gcs.testserver;

/** A JSON API error answer: status, GCS reason code and message. */
final class HttpError extends RuntimeException {
    final int status;
    final String reason;

    HttpError(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    static HttpError noSuchBucket() {
        return new HttpError(404, "notFound", "The specified bucket does not exist.");
    }

    static HttpError noSuchObject(String bucket, String name) {
        return new HttpError(404, "notFound", "No such object: " + bucket + "/" + name);
    }

    static HttpError preconditionFailed() {
        return new HttpError(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "invalid", message);
    }
}
