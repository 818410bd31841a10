package com.gaterouter.common.secrets;

/**
 * A secret exists but is not a JSON object of string fields. The message names the secret and
 * what is wrong with it, never its content, and the parser's own exception is deliberately not
 * attached as the cause: parser messages quote the offending text, which may be a credential.
 */
final class MalformedSecretException extends RuntimeException {

    private final String secretId;

    public MalformedSecretException(String secretId, String problem) {
        super("Secret '" + secretId + "' is not a JSON object of string fields: " + problem
                + " (its value is never shown in errors or logs)");
        this.secretId = secretId;
    }

    public String secretId() {
        return secretId;
    }
}
