package dev.modeldeploy.api.linear;

/** How a logistic regression with more than one weight row turns its scores into class probabilities. */
public enum Multiclass {
    /**
     * {@code p = softmax(scores)}: multinomial logistic regression (scikit-learn's default for more
     * than two classes since 1.5, {@code multi_class="multinomial"} before).
     */
    SOFTMAX,
    /**
     * {@code p_k = sigmoid(score_k) / Σ sigmoid(score_j)}: one binary classifier per class
     * (scikit-learn's {@code multi_class="ovr"} / {@code OneVsRestClassifier} of logistic regressions).
     */
    ONE_VS_REST
}
