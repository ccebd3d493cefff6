package org.mdmenroll.command.credential;

import java.util.List;

/**
 * Apple's Apps and Books service for MDM, as one VPP content token (sToken) sees it: licences of an
 * app or book (its adamId) associated with, or taken back from, device serial numbers. Apple does
 * the work asynchronously and answers an event id to follow it.
 */
public interface VppLicenseClient {

    /** POST /assets/associate; answers Apple's event id. */
    String associate(String sToken, String adamId, List<String> serialNumbers);

    /** POST /assets/disassociate; answers Apple's event id. */
    String disassociate(String sToken, String adamId, List<String> serialNumbers);

    /**
     * Apple did not do it. {@code refusedByApple}: Apple answered with an error (its error number, e.g.
     * 9602 for an invalid token, is worth recording); otherwise Apple could not be reached or failed.
     */
    class VppServiceException extends RuntimeException {

        private final String code;
        private final boolean refusedByApple;

        public VppServiceException(String code, String message, boolean refusedByApple) {
            super(message);
            this.code = code;
            this.refusedByApple = refusedByApple;
        }

        public String code() {
            return code;
        }

        public boolean refusedByApple() {
            return refusedByApple;
        }
    }
}
