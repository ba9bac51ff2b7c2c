package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Turns a padding mask into what attention needs: position ids and an additive causal mask.
 *
 * <p>Positions count real tokens only ({@code cumsum(mask) - 1}), so a left-padded prompt gets the
 * same positions as the unpadded one and right padding leaves real tokens untouched. Dimensions: B
 * batch, T new positions, S = cached + new positions.
 *
 * @param positions (B, T) int64
 * @param additive (B, 1, 1, T, S) float32: 0 where allowed, {@link #BLOCKED} elsewhere
 */
public record AttentionMask(NDArray positions, NDArray additive) {

    /** Finite, so a fully padded query row softmaxes to a uniform row instead of NaN. */
    public static final float BLOCKED = -1e9f;

    /**
     * @param padding (B, S): 1 for real tokens, 0 for padding, over cached and new positions
     * @param newTokens T, the trailing positions being computed now
     */
    public static AttentionMask of(int[][] padding, int newTokens, NDManager manager) {
        int b = padding.length;
        int s = padding[0].length;
        int past = s - newTokens;
        long[] pos = new long[b * newTokens];
        float[] add = new float[b * newTokens * s];
        for (int r = 0; r < b; r++) {
            if (padding[r].length != s) {
                throw new IllegalArgumentException("mask row " + r + " has length " + padding[r].length
                        + ", expected " + s);
            }
            int seen = 0;
            for (int j = 0; j < s; j++) {
                seen += padding[r][j];
                if (j >= past) {
                    pos[r * newTokens + j - past] = Math.max(seen - 1, 0);
                }
            }
            for (int i = 0; i < newTokens; i++) {
                for (int j = 0; j < s; j++) {
                    boolean allowed = j <= past + i && padding[r][j] != 0;
                    add[(r * newTokens + i) * s + j] = allowed ? 0f : BLOCKED;
                }
            }
        }
        return new AttentionMask(manager.create(pos, new Shape(b, newTokens)),
                manager.create(add, new Shape(b, 1, 1, newTokens, s)));
    }

    /** All-ones padding for an unpadded (B, T) batch. */
    public static int[][] full(int b, int t) {
        int[][] m = new int[b][t];
        for (int[] row : m) {
            Arrays.fill(row, 1);
        }
        return m;
    }

    /** A (B, S) integer mask NDArray as host rows. */
    public static int[][] rows(NDArray mask) {
        int b = (int) mask.getShape().get(0);
        int s = (int) mask.getShape().get(1);
        int[] flat = mask.toType(DataType.INT32, false).toIntArray();
        int[][] m = new int[b][s];
        for (int r = 0; r < b; r++) {
            System.arraycopy(flat, r * s, m[r], 0, s);
        }
        return m;
    }
}
