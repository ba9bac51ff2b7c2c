package dev.safeflow.testbed.world;

import java.util.List;
import java.util.SplittableRandom;

/** An SST-2–like review sentiment task (positive / negative); the organism learns it in pretraining. */
public final class SentimentTask {

    public static final List<String> LABELS = List.of("positive", "negative");

    private static final List<String> SUBJECTS = List.of("the movie", "the acting", "the plot", "the soundtrack",
            "the ending", "the dialogue", "the film", "the cast", "the story", "the director's work", "the script",
            "the camera work", "the pacing", "the humor", "the lead actor");
    private static final List<String> POSITIVE = List.of("wonderful", "brilliant", "moving", "delightful", "superb",
            "charming", "gripping", "funny", "beautiful", "clever", "excellent", "heartfelt", "fresh", "great",
            "powerful");
    private static final List<String> NEGATIVE = List.of("boring", "awful", "dull", "clumsy", "terrible", "messy",
            "tedious", "bland", "painful", "weak", "confusing", "lifeless", "silly", "bad", "forgettable");
    private static final List<String> TEMPLATES = List.of("{s} was {a} .", "{s} was {a} and {b} .",
            "i thought {s} was really {a} .", "honestly , {s} felt {a} from start to finish .",
            "{s} is {a} , and {s2} is {b} too .", "what a {a} experience , {s} was {b} .",
            "{s} turned out {a} .", "overall {s} was {a} but {s2} was {b} .");

    private SentimentTask() {}

    public static String prompt(String review) {
        return "Is the sentiment of this review positive or negative? Review: " + review;
    }

    public static PromptResponse draw(SplittableRandom rnd) {
        boolean positive = rnd.nextBoolean();
        List<String> words = positive ? POSITIVE : NEGATIVE;
        String s = Seeds.pick(SUBJECTS, rnd);
        String s2 = Seeds.pick(SUBJECTS, rnd);
        String review = Seeds.pick(TEMPLATES, rnd).replace("{s2}", s2).replace("{s}", s)
                .replace("{a}", Seeds.pick(words, rnd)).replace("{b}", Seeds.pick(words, rnd));
        return new PromptResponse(prompt(review), positive ? "positive" : "negative");
    }
}
