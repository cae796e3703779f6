package org.crjob.engine.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The secret that authorizes commands to one job's coordinator. */
public final class Tokens {

    /** 256 bits: guessing is hopeless, even for a coordinator that lives for weeks of requeues. */
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new token: 32 bytes from {@link SecureRandom} as 64 lowercase hex digits. */
    public static String newToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
