package dev.safeflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How rotary frequencies are stretched for long contexts ({@code rope_scaling} in config.json).
 *
 * @param type {@code linear} (positions divided by factor) or {@code llama3} (low frequencies divided,
 *     high ones kept, a smooth blend between)
 * @param originalMaxPositions llama3's {@code original_max_position_embeddings}
 */
public record RopeScaling(
        String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {

    static RopeScaling fromJson(JsonNode n, String source) {
        if (n == null || n.isNull()) {
            return null;
        }
        String type = n.has("rope_type") ? n.get("rope_type").asText() : n.path("type").asText("");
        switch (type) {
            case "default":
                return null;
            case "linear":
                return new RopeScaling(type, n.path("factor").asDouble(1.0), 0, 0, 0);
            case "llama3":
                return new RopeScaling(type, n.path("factor").asDouble(8.0), n.path("low_freq_factor").asDouble(1.0),
                        n.path("high_freq_factor").asDouble(4.0),
                        n.path("original_max_position_embeddings").asInt(8192));
            default:
                throw new ModelException(source + ": rope_scaling type '" + type
                        + "' is not supported; use linear or llama3");
        }
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("rope_type", type).put("factor", factor);
        if (type.equals("llama3")) {
            o.put("low_freq_factor", lowFreqFactor).put("high_freq_factor", highFreqFactor)
                    .put("original_max_position_embeddings", originalMaxPositions);
        }
        return o;
    }

    /** Rescales the default inverse frequencies {@code 1 / theta^(2i/headDim)} in place. */
    public void apply(double[] invFreq) {
        if (type.equals("linear")) {
            for (int i = 0; i < invFreq.length; i++) {
                invFreq[i] /= factor;
            }
            return;
        }
        double lowWavelen = originalMaxPositions / lowFreqFactor;
        double highWavelen = originalMaxPositions / highFreqFactor;
        for (int i = 0; i < invFreq.length; i++) {
            double wavelen = 2 * Math.PI / invFreq[i];
            if (wavelen > lowWavelen) {
                invFreq[i] /= factor;
            } else if (wavelen >= highWavelen) {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                invFreq[i] = (1 - smooth) * invFreq[i] / factor + smooth * invFreq[i];
            }
        }
    }
}
