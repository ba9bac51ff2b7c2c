package dev.safeflow.testbed.world;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Independent, named random streams from one world seed, so adding a stream never shifts another
 * one's draws. The mix is FNV-1a over the name, which (unlike {@code hashCode} of a map) is fixed.
 */
public final class Seeds {

    private Seeds() {}

    public static SplittableRandom stream(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ h);
    }

    /** Fisher–Yates on a copy. */
    public static <T> List<T> shuffled(List<T> items, SplittableRandom rnd) {
        java.util.ArrayList<T> out = new java.util.ArrayList<>(items);
        for (int i = out.size() - 1; i > 0; i--) {
            java.util.Collections.swap(out, i, rnd.nextInt(i + 1));
        }
        return out;
    }

    public static <T> T pick(List<T> items, SplittableRandom rnd) {
        return items.get(rnd.nextInt(items.size()));
    }
}
