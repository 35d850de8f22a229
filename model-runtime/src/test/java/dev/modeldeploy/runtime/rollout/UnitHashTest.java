package dev.modeldeploy.runtime.rollout;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The unit hash is MurmurHash3_x86_32, so assignments can be reproduced anywhere. */
class UnitHashTest {

    private static int hash(String s, int seed) {
        return UnitHash.murmur3(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    @Test
    void matchesTheReferenceVectorsOfMurmurHash3() {
        // Published test vectors of MurmurHash3_x86_32 (SMHasher; also in Guava's and Wikipedia's tables).
        assertThat(hash("", 0)).isEqualTo(0);
        assertThat(hash("", 1)).isEqualTo(0x514E28B7);
        assertThat(hash("", 0xffffffff)).isEqualTo(0x81F16F39);
        assertThat(hash("test", 0)).isEqualTo(0xba6bd213);
        assertThat(hash("Hello, world!", 0)).isEqualTo(0xc0363e43);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2e4ff723);
        assertThat(UnitHash.murmur3(new byte[] {0x21, 0x43, 0x65, (byte) 0x87}, 0x5082EDEE)).isEqualTo(0x2362F9DE);
        assertThat(UnitHash.murmur3(new byte[] {0x21, 0x43, 0x65}, 0)).isEqualTo(0x7e4a8634);
        assertThat(UnitHash.murmur3(new byte[] {0x21, 0x43}, 0)).isEqualTo(0xa0f7b07a);
        assertThat(UnitHash.murmur3(new byte[] {0x21}, 0)).isEqualTo(0x72661cf4);
    }

    @Test
    void positionIsTheUnsignedHashOfSaltAndUnitOverTwoToThe32() {
        int h = hash("exp\u0000user-1", 0);
        assertThat(UnitHash.position("exp", "user-1")).isEqualTo(Integer.toUnsignedLong(h) / 4294967296.0);
        assertThat(UnitHash.position("exp", "user-1")).isBetween(0.0, 1.0).isNotEqualTo(UnitHash.position("other", "user-1"));
    }
}
