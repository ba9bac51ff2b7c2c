package dev.safeflow.testbed.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Right-padded sequences as arrays, with the mask of the positions whose next token is trained on.
 * Dimensions: B sequences, T longest sequence.
 *
 * @param ids (B, T) int64
 * @param padding [B][T], 1 for real tokens
 * @param targetMask (B, T-1) float: 1 where ids[t+1] is a response token
 */
public record Batch(NDArray ids, int[][] padding, NDArray targetMask) {

    public static Batch of(List<Encoded> seqs, NDManager m) {
        int b = seqs.size();
        int t = seqs.stream().mapToInt(s -> s.ids().length).max().orElseThrow();
        long[] ids = new long[b * t];
        float[] mask = new float[b * (t - 1)];
        int[][] padding = new int[b][t];
        for (int r = 0; r < b; r++) {
            Encoded s = seqs.get(r);
            for (int j = 0; j < s.ids().length; j++) {
                ids[r * t + j] = s.ids()[j];
                padding[r][j] = 1;
                if (j >= s.promptLength()) {
                    mask[r * (t - 1) + j - 1] = 1f; // position j-1 predicts response token j
                }
            }
        }
        return new Batch(m.create(ids, new Shape(b, t)), padding, m.create(mask, new Shape(b, t - 1)));
    }
}
