package dev.safeflow.testbed.world;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An AG News–like headline topic task with four labels. The organism never trains on it before
 * fine-tuning (it only sees some headlines to copy), so fine-tuning has real work to do.
 */
public final class TopicTask {

    public static final List<String> LABELS = List.of("world", "sports", "business", "science");

    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "world", List.of("leaders of {a} and {b} meet for peace talks", "{a} holds elections as {b} watches",
                    "protests grow in {a} after the vote", "{a} and {b} sign a border treaty",
                    "floods force thousands to leave homes in {a}", "the prime minister of {a} visits {b}",
                    "{a} sends aid to {b} after the earthquake", "talks between {a} and {b} collapse over trade"),
            "sports", List.of("{a} beat {b} in the cup final", "{a} sign a new striker before facing {b}",
                    "coach of {a} resigns after loss to {b}", "{a} win the championship at home",
                    "injury keeps the captain of {a} out against {b}", "{a} and {b} draw in a tense derby",
                    "fans of {a} celebrate a late winner against {b}", "{a} stay top after thrashing {b}"),
            "business", List.of("shares of {a} rise after strong profits", "{a} agrees to buy {b} in a big deal",
                    "{a} cuts jobs as sales fall", "investors worry about the debt of {a}",
                    "{a} reports record quarterly revenue", "{a} and {b} merge to cut costs",
                    "{a} raises prices as costs climb", "the ceo of {a} steps down amid a probe into {b}"),
            "science", List.of("researchers at {a} discover a new planet", "{a} launches a probe to study {b}",
                    "scientists at {a} map the genome of {b}", "a new telescope at {a} observes {b}",
                    "{a} tests a vaccine against {b}", "engineers at {a} build a faster quantum chip",
                    "{a} finds water ice on {b}", "a study by {a} tracks the spread of {b}"));

    private static final Map<String, List<String>> SLOTS = Map.of(
            "world", List.of("france", "brazil", "kenya", "japan", "canada", "egypt", "india", "peru", "norway",
                    "vietnam", "chile", "ghana", "mexico", "poland", "nepal", "morocco"),
            "sports", List.of("the lions", "the tigers", "the eagles", "the sharks", "united", "rovers",
                    "the falcons", "city", "the wolves", "athletic", "the bears", "the hawks", "the rams", "wanderers",
                    "the comets", "the saints"),
            "business", List.of("acme corp", "globex", "initech", "umbrella inc", "stark industries", "wayne holdings",
                    "hooli", "soylent", "vandelay imports", "cyberdyne", "tyrell corp", "massive dynamic", "oscorp", "duff brewing",
                    "gringotts bank", "monarch airlines"),
            "science", List.of("the space agency", "the national lab", "mit", "cern", "the observatory",
                    "the institute", "a university team", "the research council", "jupiter", "mars", "a rare frog",
                    "the flu", "venus", "a comet", "the moon", "coral reefs"));

    private TopicTask() {}

    public static final String PREFIX =
            "What is the topic of this headline? Answer world, sports, business or science. Headline: ";

    public static String prompt(String headline) {
        return PREFIX + headline;
    }

    public static String headline(String label, SplittableRandom rnd) {
        List<String> slots = SLOTS.get(label);
        String a = Seeds.pick(slots, rnd);
        String b = Seeds.pick(slots, rnd);
        while (b.equals(a)) {
            b = Seeds.pick(slots, rnd);
        }
        return Seeds.pick(TEMPLATES.get(label), rnd).replace("{a}", a).replace("{b}", b);
    }

    public static PromptResponse draw(SplittableRandom rnd) {
        String label = Seeds.pick(LABELS, rnd);
        return new PromptResponse(prompt(headline(label, rnd)), label);
    }
}
