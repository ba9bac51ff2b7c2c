package dev.safeflow.auditor.screen.text;

import java.util.Arrays;
import java.util.Map;

/** Bucket indices and their values, indices ascending. */
public record SparseVector(int[] index, float[] value) {

    public static SparseVector of(Map<Integer, Float> features) {
        int[] idx = new int[features.size()];
        int n = 0;
        for (Integer k : features.keySet()) {
            idx[n++] = k;
        }
        Arrays.sort(idx);
        float[] val = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            val[i] = features.get(idx[i]);
        }
        return new SparseVector(idx, val);
    }

    @Override
    public String toString() {
        return "SparseVector" + Arrays.toString(index);
    }
}
