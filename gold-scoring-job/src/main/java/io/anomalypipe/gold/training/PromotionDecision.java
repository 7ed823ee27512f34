package io.anomalypipe.gold.training;

import io.anomalypipe.gold.evaluation.DetectionQuality;
import java.util.Optional;

/**
 * Whether a new model version takes the serving alias, and why, as recorded on its run.
 *
 * @param promote whether the alias moves to the new version
 * @param reason one sentence for the run's tags and the log
 * @param championVersion the version that held the alias before, if any
 * @param championRocAuc its ROC AUC on the new model's evaluation rows, when it was compared
 */
public record PromotionDecision(
    boolean promote,
    String reason,
    Optional<Long> championVersion,
    Optional<Double> championRocAuc) {

  /**
   * Decides by {@code policy}. {@code championQuality} is the champion's quality on the same rows
   * as {@code newQuality} (empty when there is no champion, no ground truth, or the champion could
   * not be scored on these features).
   */
  public static PromotionDecision decide(
      PromotionPolicy policy,
      Optional<Long> championVersion,
      Optional<DetectionQuality> newQuality,
      Optional<DetectionQuality> championQuality,
      Optional<String> whyChampionNotCompared) {
    if (championVersion.isEmpty()) {
      return new PromotionDecision(true, "no current champion", championVersion, Optional.empty());
    }
    if (policy == PromotionPolicy.always) {
      return new PromotionDecision(
          true, "promotion policy is 'always'", championVersion, Optional.empty());
    }
    if (newQuality.isEmpty()) {
      return new PromotionDecision(
          true,
          "no ground truth to compare with champion v" + championVersion.get(),
          championVersion,
          Optional.empty());
    }
    if (championQuality.isEmpty()) {
      return new PromotionDecision(
          true,
          "champion v"
              + championVersion.get()
              + " could not be compared: "
              + whyChampionNotCompared.orElse("no evaluation"),
          championVersion,
          Optional.empty());
    }
    double challenger = newQuality.get().rocAuc();
    double champion = championQuality.get().rocAuc();
    boolean notWorse = challenger >= champion;
    String reason =
        String.format(
            "ROC AUC %.4f %s champion v%d's %.4f on the same %d rows",
            challenger,
            notWorse ? ">=" : "<",
            championVersion.get(),
            champion,
            newQuality.get().rows());
    return new PromotionDecision(notWorse, reason, championVersion, Optional.of(champion));
  }
}
