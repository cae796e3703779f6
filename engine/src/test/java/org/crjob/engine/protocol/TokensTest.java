package org.crjob.engine.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void tokensAreUniqueAnd64Hex() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Tokens.newToken();
            assertTrue(token.matches("[0-9a-f]{64}"), token);
            seen.add(token);
        }
        assertEquals(1000, seen.size());
    }
}
