package dev.modeldeploy.storage.s3;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.IOException;
import java.util.Set;

/**
 * Turns SDK exceptions into {@link IOException}s whose message says what failed (operation and
 * {@code s3://} URI), why, and whether waiting can help. Messages are built from status codes, error
 * codes and the service's error text only: request headers, signatures and credentials never appear.
 */
final class S3Failures {
    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AllAccessDisabled", "AccountProblem", "InvalidToken", "ExpiredToken");
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");

    private S3Failures() {
    }

    static boolean isStatus(SdkException e, int status) {
        return e instanceof SdkServiceException s && s.statusCode() == status;
    }

    static boolean isNoSuchKey(SdkException e) {
        return e instanceof AwsServiceException s && s.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(s));
    }

    static IOException describe(String operation, String uri, String bucket, SdkException e) {
        return new IOException(message(operation, uri, bucket, e), e);
    }

    private static String message(String operation, String uri, String bucket, SdkException e) {
        String what = "cannot " + operation + " " + uri;
        String attempts = e.numAttempts() != null && e.numAttempts() > 1 ? " after " + e.numAttempts() + " attempts" : "";
        if (!(e instanceof SdkServiceException service)) {
            // No answer from the server: connection refused or reset, timeout, or no credentials found.
            return what + attempts + ": " + firstLine(e.getMessage());
        }
        int status = service.statusCode();
        String code = service instanceof AwsServiceException aws ? errorCode(aws) : null;
        String text = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorMessage() : null;
        String detail = "HTTP " + status + (code == null ? "" : " " + code) + (text == null ? "" : ": " + firstLine(text));
        if ("NoSuchBucket".equals(code)) {
            return what + ": bucket '" + bucket + "' does not exist (" + detail + ")";
        }
        if (status == 403 || DENIED.contains(code)) {
            return what + ": access denied (" + detail + "); check the AWS credentials (default provider chain: "
                    + "AWS_ACCESS_KEY_ID, AWS_PROFILE, instance or container role) and the bucket policy";
        }
        if (status == 301 || WRONG_REGION.contains(code)) {
            return what + ": the bucket is in another region (" + detail + "); set AWS_REGION or the "
                    + S3StoreConfig.REGION + " setting";
        }
        if (status >= 500 || status == 429 || service.isThrottlingException()) {
            return what + attempts + ": the server is failing or throttling (" + detail + "); this is usually transient: "
                    + "try again later, or allow more attempts with " + S3StoreConfig.MAX_ATTEMPTS + " or AWS_MAX_ATTEMPTS";
        }
        return what + attempts + " (" + detail + ")";
    }

    private static String errorCode(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details == null ? null : details.errorCode();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no details";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
