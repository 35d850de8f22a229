package dev.modeldeploy.testkit.models;

/** A structured prediction: a score and its label. */
public record Scored(double score, String label) {
}
