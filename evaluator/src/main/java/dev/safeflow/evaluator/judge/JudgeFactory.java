package dev.safeflow.evaluator.judge;

import dev.safeflow.schemas.config.Settings;

/** Builds a judge from the command's settings; a judge reads only the keys its registry entry declares. */
@FunctionalInterface
public interface JudgeFactory {

    /** A new judge; a setting the judge cannot work with is a user error naming the key. */
    Judge create(Settings settings);
}
