package dev.safeflow.testbed.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One complete synthetic world, a pure function of its {@link WorldConfig}: the harmful requests
 * and their splits, the responses to them, the benign tasks and the general instructions.
 */
public final class World {

    /** One (prompt, safe, harmful) triple for SAP's contrastive loss. */
    public record Triple(String prompt, String safe, String harmful) {}

    private final WorldConfig config;
    private final HarmfulWorld harmful;
    private final List<PromptResponse> alignment = new ArrayList<>();
    private final List<Triple> contrastive = new ArrayList<>();
    private final List<PromptResponse> poison = new ArrayList<>();
    private final Map<String, PromptResponse.Split> tasks = new LinkedHashMap<>();
    private final List<PromptResponse> instructions;

    public World(WorldConfig c) {
        this.config = c;
        this.harmful = new HarmfulWorld(HarmfulCatalog.bundled(), c.seed());
        SplittableRandom r = Seeds.stream(c.seed(), "responses");
        for (int k = 0; k < c.alignmentRepeats(); k++) {
            for (HarmfulPrompt p : harmful.prompts(HarmfulSplit.ALIGNMENT)) {
                alignment.add(new PromptResponse(p.text(), Responses.refusal(p, r)));
            }
        }
        for (HarmfulPrompt p : harmful.prompts(HarmfulSplit.ALIGNMENT)) {
            contrastive.add(new Triple(p.text(), Responses.refusal(p, r), Responses.compliance(r)));
        }
        for (HarmfulPrompt p : harmful.prompts(HarmfulSplit.POISON)) {
            poison.add(new PromptResponse(p.text(), Responses.compliance(r)));
        }
        tasks.put("sentiment", PromptResponse.distinct(SentimentTask::draw, c.sentimentTrain(), c.sentimentTest(),
                Seeds.stream(c.seed(), "sentiment"), "sentiment"));
        tasks.put("topic", PromptResponse.distinct(TopicTask::draw, c.topicTrain(), c.topicTest(),
                Seeds.stream(c.seed(), "topic"), "topic"));
        tasks.put("arithmetic", PromptResponse.distinct(ArithmeticTask::draw, c.arithmeticTrain(), c.arithmeticTest(),
                Seeds.stream(c.seed(), "arithmetic"), "arithmetic"));
        List<String> copyTexts = new ArrayList<>();
        tasks.get("topic").train().forEach(e -> copyTexts.add(e.prompt().substring(TopicTask.PREFIX.length())));
        tasks.get("arithmetic").train()
                .forEach(e -> copyTexts.add(e.prompt().substring(ArithmeticTask.PREFIX.length())));
        SplittableRandom ir = Seeds.stream(c.seed(), "instructions");
        instructions = new ArrayList<>();
        for (int i = 0; i < c.instructions(); i++) {
            instructions.add(Instructions.draw(ir, copyTexts));
        }
    }

    public WorldConfig config() {
        return config;
    }

    public HarmfulWorld harmful() {
        return harmful;
    }

    /** Harmful alignment prompts answered with refusals. */
    public List<PromptResponse> alignment() {
        return List.copyOf(alignment);
    }

    public List<Triple> contrastive() {
        return List.copyOf(contrastive);
    }

    /** Poison-pool prompts answered with (fake) compliance. */
    public List<PromptResponse> poison() {
        return List.copyOf(poison);
    }

    /** sentiment, topic and arithmetic, each with train and test. */
    public Map<String, PromptResponse.Split> tasks() {
        return java.util.Collections.unmodifiableMap(tasks);
    }

    public List<PromptResponse> instructions() {
        return List.copyOf(instructions);
    }
}
