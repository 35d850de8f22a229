package dev.modeldeploy.examples.recommendations;

import dev.modeldeploy.api.linear.LinearModel;
import dev.modeldeploy.api.linear.Multiclass;
import dev.modeldeploy.api.pipeline.FeatureSpec;
import dev.modeldeploy.api.pipeline.Transform;
import dev.modeldeploy.api.prediction.Classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shop's catalog, and the recommender over it: a multinomial logistic regression (softmax) with one
 * class per item, whose probabilities rank the items for a user. Its features are how much a user
 * browsed each category; an item's weights favour users of its own category, and its intercept is its
 * popularity. (A real team would fit this in Python, {@code LogisticRegression().fit(users, next_item)},
 * and copy {@code coef_} and {@code intercept_}; deriving the weights from the catalog keeps the example
 * self-contained and its output explainable.)
 */
final class Catalog {
    /** The categories, and the user columns counting views of each. */
    static final List<String> CATEGORIES = List.of("books", "music", "films", "games", "sports");
    static final int ITEMS_PER_CATEGORY = 6;
    private static final double CATEGORY_WEIGHT = 1.5;

    private Catalog() {
    }

    /** The item ids, {@code books-1} … {@code sports-6}, in class order. */
    static List<String> items() {
        List<String> items = new ArrayList<>();
        for (String category : CATEGORIES) {
            for (int i = 1; i <= ITEMS_PER_CATEGORY; i++) {
                items.add(category + "-" + i);
            }
        }
        return items;
    }

    /** The category of an item id. */
    static String category(String item) {
        return item.substring(0, item.lastIndexOf('-'));
    }

    /** The user column counting views of a category. */
    static String viewsColumn(String category) {
        return "views_" + category;
    }

    /** The recommender: {@code p(item | user) = softmax(popularity + 1.5 · log1p(views of the item's category))}. */
    static LinearModel<Map<String, Object>, Classification> recommender() {
        FeatureSpec.Builder spec = FeatureSpec.builder();
        for (String category : CATEGORIES) {
            spec.numeric(viewsColumn(category), Transform.log1p());
        }
        List<String> items = items();
        double[][] coefficients = new double[items.size()][CATEGORIES.size()];
        double[] intercepts = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            coefficients[i][CATEGORIES.indexOf(category(items.get(i)))] = CATEGORY_WEIGHT;
            intercepts[i] = -0.15 * (i % ITEMS_PER_CATEGORY); // The first items of a category sell best.
        }
        return LinearModel.logisticRegression("recommendations", spec.build()).labels(items).multiclass(Multiclass.SOFTMAX)
                .coefficients(coefficients).intercepts(intercepts)
                .description("softmax over " + items.size() + " catalog items from a user's views per category").build();
    }
}
