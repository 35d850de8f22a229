package dev.modeldeploy.runtime.rollout;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a unit (a user, a session) falls in an experiment: a position in {@code [0, 1)} computed from
 * the experiment's salt and the unit key with MurmurHash3 (x86, 32-bit, seed 0) over their UTF-8
 * bytes. It depends on nothing but the two strings, so a unit lands on the same variant on every
 * request, in every process and after every restart, and an analyst can recompute an assignment
 * offline with any MurmurHash3 implementation; a different salt per experiment keeps the experiments'
 * assignments independent of each other.
 *
 * <p>Stateless and thread-safe.
 */
public final class UnitHash {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;
    private static final double TWO_TO_32 = 4294967296.0;

    private UnitHash() {
    }

    /**
     * The unit's position in the experiment, in {@code [0, 1)}: the unsigned hash of
     * {@code salt + "\u0000" + unit} divided by 2<sup>32</sup>.
     */
    public static double position(String salt, String unit) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(unit, "unit");
        byte[] bytes = (salt + '\u0000' + unit).getBytes(StandardCharsets.UTF_8);
        return Integer.toUnsignedLong(murmur3(bytes, 0)) / TWO_TO_32;
    }

    /** MurmurHash3_x86_32 of {@code data} with {@code seed}, as in Austin Appleby's reference implementation. */
    public static int murmur3(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }
}
