package dev.safeflow.testbed.world;

/** One rendered harmful request and where it came from. */
public record HarmfulPrompt(String category, HarmfulSplit split, String template, String filler) {

    public String text() {
        return template.replace(HarmfulCatalog.SLOT, filler);
    }
}
