package dev.modeldeploy.runtime.rollout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modeldeploy.runtime.online.OnlinePredictor;
import dev.modeldeploy.runtime.online.Prediction;
import dev.modeldeploy.runtime.rollout.internal.Posteriors;
import dev.modeldeploy.runtime.rollout.internal.RoutingTable;
import dev.modeldeploy.runtime.rollout.internal.SafeRolloutListener;
import dev.modeldeploy.runtime.rollout.internal.ShadowRunner;
import dev.modeldeploy.runtime.rollout.log.AssignmentLog;
import org.apache.commons.rng.UniformRandomProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A model rollout inside the process: named variants (each an {@link OnlinePredictor}, so each
 * serves one model version and can itself swap and roll back), a {@link RoutingPolicy} that decides
 * which variant answers each request, shadow variants that score requests silently, guards that roll
 * a bad candidate back on their own, and an optional log of every assignment.
 *
 * <pre>{@code
 * Deployment<Order, Regression> eta = Deployment.builder("eta", "v7", predictorV7)
 *         .unitKey(Order::customerId)
 *         .variant("v8", predictorV8)
 *         .variant("v9", predictorV9)
 *         .guard(ErrorRateGuard.builder().maxErrorRate(0.05).build())
 *         .build();
 * eta.canary("v8", 0.10);                   // 10 % of customers get v8; the same ones on every request
 * eta.shadow("v9", 1.0);                    // v9 scores every request too, off the request thread
 * RoutedPrediction<Regression> answer = eta.predict(order);
 * eta.setCanaryShare(0.30);                 // those already on v8 stay on v8
 * eta.promote("v8");                        // or eta.rollback("...")
 * }</pre>
 *
 * <p><b>Atomic changes.</b> The routing lives in one immutable table that every change replaces
 * through a single atomic reference, and every request reads exactly once. A request routed just
 * before a change completes on the variant it was routed to (variants are never closed by a routing
 * change); every request after it sees the whole change, never half of it.
 *
 * <p><b>Primary and rollback.</b> The primary is the last good variant. Experiments (canary,
 * flighting, bandit) run against it; {@link #rollback(String)} ends any experiment and sends all
 * traffic to the primary at once, or, when none runs, undoes the last {@link #promote}. A
 * {@link RolloutGuard} that objects to a candidate triggers the same rollback.
 *
 * <p><b>Shadows</b> run on a separate bounded executor: a shadow that is slow, throws or hangs, or a
 * full queue, never delays or fails the answer (work that does not fit is dropped and counted, see
 * {@link #shadowDrops()}).
 *
 * <p><b>Ownership.</b> The deployment owns its variants' predictors and the assignment log, and closes
 * them in {@link #close()}; a {@linkplain #retire retired} variant goes back to the caller.
 *
 * <p>Thread-safe.
 *
 * @param <I> the request type
 * @param <O> the prediction type
 */
public final class Deployment<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

    private final String name;
    private final Function<? super I, String> unitKey;
    private final AtomicReference<RoutingTable<I, O>> table;
    private final Object changes = new Object();
    private final SafeRolloutListener<O> listener;
    private final List<RolloutGuard<I, O>> guards;
    private final ShadowRunner<I, O> shadowRunner;
    private final AssignmentLog assignmentLog;
    private final UniformRandomProvider random;
    private final Cache<String, BanditPull> banditPulls;
    private final Map<String, Posteriors> posteriors = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean closed;

    private Deployment(Builder<I, O> b) {
        this.name = b.name;
        this.unitKey = b.unitKey;
        this.listener = new SafeRolloutListener<>(b.listeners);
        this.guards = List.copyOf(b.guards);
        this.assignmentLog = b.assignmentLog;
        this.random = b.random;
        this.clock = b.clock;
        this.banditPulls = Caffeine.newBuilder().maximumSize(b.banditMemory).build();
        this.shadowRunner = new ShadowRunner<>(name, b.shadowThreads, b.shadowQueue, listener);
        this.table = new AtomicReference<>(RoutingTable.of(b.variants, b.primary, null,
                new RoutingPolicy.Single(name, b.primary), List.of(), null));
    }

    /**
     * A builder for a deployment whose primary variant is {@code primaryVariant}, served by
     * {@code predictor} (which the deployment will own).
     */
    public static <I, O> Builder<I, O> builder(String name, String primaryVariant, OnlinePredictor<I, O> predictor) {
        return new Builder<>(name, primaryVariant, predictor);
    }

    // ---- requests ------------------------------------------------------------------------------------

    /**
     * Routes one request to a variant and answers with its prediction, the variant and the model
     * version. A variant's error goes to the caller (and to the guards, for a candidate).
     *
     * @throws IllegalStateException if the deployment is closed
     */
    public RoutedPrediction<O> predict(I request) {
        if (closed) {
            throw new IllegalStateException("deployment " + name + " is closed");
        }
        String unit = Objects.requireNonNull(unitKey.apply(request), "the unit key of a request is null");
        RoutingTable<I, O> t = table.get();
        String variant = t.route(unit, random);
        boolean candidate = !variant.equals(t.primary()) && !guards.isEmpty();
        long start = candidate ? System.nanoTime() : 0L;
        Prediction<O> answer;
        try {
            answer = t.variants().get(variant).predict(request);
        } catch (RuntimeException e) {
            listener.onFailure(variant, e);
            if (candidate) {
                watch(new Outcome<>(name, variant, request, null, e, System.nanoTime() - start));
            }
            throw e;
        }
        if (candidate) {
            watch(new Outcome<>(name, variant, request, answer, null, System.nanoTime() - start));
        }
        RoutedPrediction<O> routed = new RoutedPrediction<>(answer, variant, t.policy().experiment(), unit);
        if (t.posteriors() != null) {
            banditPulls.put(unit, new BanditPull(t.policy().experiment(), variant));
        }
        for (Shadow s : t.shadows()) {
            if (!s.variant().equals(variant) && (s.fraction() >= 1 || UnitHash.position(s.salt(), unit) < s.fraction())) {
                shadowRunner.submit(s.variant(), t.variants().get(s.variant()), request, routed);
            }
        }
        if (assignmentLog != null) {
            assignmentLog.record(routed);
        }
        listener.onRouted(routed);
        return routed;
    }

    /**
     * Feeds back how well the last answer to {@code unit} did, for a bandit: a reward in [0, 1] (1 for
     * a click or a conversion, 0 for none), credited to the arm that served the unit's latest request.
     *
     * @return whether it was credited (false if no bandit served the unit lately: never, or longer ago
     *         than the {@linkplain Builder#banditMemory memory} reaches)
     */
    public boolean reward(String unit, double value) {
        BanditPull pull = banditPulls.getIfPresent(unit);
        if (pull == null) {
            return false;
        }
        Posteriors p = posteriors.get(pull.experiment());
        if (p == null) {
            return false;
        }
        p.reward(pull.arm(), value);
        return true;
    }

    private void watch(Outcome<I, O> outcome) {
        for (RolloutGuard<I, O> g : guards) {
            Optional<String> verdict;
            try {
                verdict = g.observe(outcome);
            } catch (RuntimeException e) {
                LOG.warn("rollout guard {} failed", g.getClass().getName(), e);
                continue;
            }
            if (verdict.isPresent()) {
                guardRollback(outcome.variant(), g.getClass().getSimpleName() + ": " + verdict.get());
                return;
            }
        }
    }

    private void guardRollback(String variant, String reason) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            if (variant.equals(t.primary()) || !t.policy().variants().contains(variant)) {
                return; // another request's verdict, or an operator, got there first
            }
            LOG.warn("deployment {}: rolling back from {} to {}: {}", name, variant, t.primary(), reason);
            install(t.variants(), t.primary(), t.previousPrimary(), single(t.primary()), t.shadows(),
                    RolloutEvent.Type.GUARD_ROLLED_BACK, variant, reason);
        }
        resetGuards(variant);
    }

    // ---- changes -------------------------------------------------------------------------------------

    /** Registers a variant (taking no traffic yet); the deployment owns its predictor. */
    public void addVariant(String variant, OnlinePredictor<I, O> predictor) {
        Objects.requireNonNull(predictor, "predictor");
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            if (t.variants().containsKey(variant)) {
                throw new IllegalArgumentException("deployment " + name + " already has a variant " + variant);
            }
            Map<String, OnlinePredictor<I, O>> variants = new HashMap<>(t.variants());
            variants.put(variant, predictor);
            install(variants, t.primary(), t.previousPrimary(), t.policy(), t.shadows(), RolloutEvent.Type.VARIANT_ADDED,
                    variant, "added");
        }
    }

    /**
     * Takes a variant out of the deployment and hands its predictor back to the caller, who closes it
     * (once requests routed before the change have finished, if they care).
     *
     * @throws IllegalStateException if the variant takes traffic, shadows, or is the primary
     */
    public OnlinePredictor<I, O> retire(String variant) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            OnlinePredictor<I, O> predictor = existing(t, variant);
            if (variant.equals(t.primary()) || t.policy().variants().contains(variant)
                    || t.shadows().stream().anyMatch(s -> s.variant().equals(variant))) {
                throw new IllegalStateException("variant " + variant + " of deployment " + name + " is in use");
            }
            Map<String, OnlinePredictor<I, O>> variants = new HashMap<>(t.variants());
            variants.remove(variant);
            String previous = variant.equals(t.previousPrimary()) ? null : t.previousPrimary();
            install(variants, t.primary(), previous, t.policy(), t.shadows(), RolloutEvent.Type.VARIANT_RETIRED, variant,
                    "retired");
            return predictor;
        }
    }

    /**
     * Starts a canary: {@code share} of the units go to {@code candidate}, the rest to the primary. The
     * experiment is named {@code <deployment>/canary/<candidate>}, so restarting a canary of the same
     * candidate puts the same units in it.
     */
    public void canary(String candidate, double share) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            existing(t, candidate);
            resetGuards(candidate);
            route(t, new RoutingPolicy.Canary(name + "/canary/" + candidate, t.primary(), candidate, share), candidate,
                    "canary at " + share);
        }
    }

    /**
     * Changes the running canary's share. Growing it keeps every unit already in the canary there;
     * shrinking it moves only units out.
     *
     * @throws IllegalStateException if no canary runs
     */
    public void setCanaryShare(double share) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            if (!(t.policy() instanceof RoutingPolicy.Canary c)) {
                throw new IllegalStateException("deployment " + name + " runs no canary (policy " + t.policy() + ")");
            }
            route(t, new RoutingPolicy.Canary(c.experiment(), c.control(), c.candidate(), share), c.candidate(),
                    "canary share " + c.share() + " -> " + share);
        }
    }

    /** Starts A/B(/n) flighting over {@code arms}, units assigned by the hash salted with {@code experiment}. */
    public void flighting(String experiment, List<RoutingPolicy.Arm> arms) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            arms.forEach(a -> existing(t, a.variant()));
            arms.forEach(a -> resetGuards(a.variant()));
            route(t, new RoutingPolicy.Flighting(experiment, arms), t.primary(), "flighting " + arms);
        }
    }

    /**
     * Starts a Thompson-sampling bandit over {@code arms}; rewards come through {@link #reward}. The
     * posteriors belong to {@code experiment}: a bandit restarted under the same name goes on learning.
     */
    public void bandit(String experiment, List<String> arms) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            arms.forEach(a -> existing(t, a));
            arms.forEach(this::resetGuards);
            route(t, new RoutingPolicy.Bandit(experiment, arms), t.primary(), "bandit over " + arms);
        }
    }

    /**
     * Adds an arm to the running flighting (with {@code weight}) or bandit (where the weight is
     * ignored: the posterior decides).
     *
     * @throws IllegalStateException if neither runs
     */
    public void addArm(String variant, double weight) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            existing(t, variant);
            resetGuards(variant);
            if (t.policy() instanceof RoutingPolicy.Flighting f) {
                List<RoutingPolicy.Arm> arms = new ArrayList<>(f.arms());
                arms.add(new RoutingPolicy.Arm(variant, weight));
                route(t, new RoutingPolicy.Flighting(f.experiment(), arms), variant, "arm added, weight " + weight);
            } else if (t.policy() instanceof RoutingPolicy.Bandit b) {
                List<String> arms = new ArrayList<>(b.arms());
                arms.add(variant);
                route(t, new RoutingPolicy.Bandit(b.experiment(), arms), variant, "arm added");
            } else {
                throw new IllegalStateException("deployment " + name + " runs no flighting or bandit (policy " + t.policy() + ")");
            }
        }
    }

    /**
     * Removes an arm from the running flighting or bandit; its traffic goes to the remaining arms.
     *
     * @throws IllegalStateException if neither runs, or it is the last arm (roll back instead)
     */
    public void removeArm(String variant) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            RoutingPolicy next;
            if (t.policy() instanceof RoutingPolicy.Flighting f) {
                List<RoutingPolicy.Arm> arms = new ArrayList<>(f.arms());
                if (!arms.removeIf(a -> a.variant().equals(variant))) {
                    throw new IllegalArgumentException("no arm " + variant + " in " + f);
                }
                next = arms.stream().anyMatch(a -> a.weight() > 0) ? new RoutingPolicy.Flighting(f.experiment(), arms) : null;
            } else if (t.policy() instanceof RoutingPolicy.Bandit b) {
                List<String> arms = new ArrayList<>(b.arms());
                if (!arms.remove(variant)) {
                    throw new IllegalArgumentException("no arm " + variant + " in " + b);
                }
                next = arms.isEmpty() ? null : new RoutingPolicy.Bandit(b.experiment(), arms);
            } else {
                throw new IllegalStateException("deployment " + name + " runs no flighting or bandit (policy " + t.policy() + ")");
            }
            if (next == null) {
                throw new IllegalStateException("cannot remove the last arm " + variant + "; roll back instead");
            }
            route(t, next, variant, "arm removed");
        }
    }

    /** Lets {@code variant} score {@code fraction} of the units silently (replacing its earlier fraction). */
    public void shadow(String variant, double fraction) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            existing(t, variant);
            List<Shadow> shadows = new ArrayList<>(t.shadows());
            shadows.removeIf(s -> s.variant().equals(variant));
            shadows.add(new Shadow(variant, fraction));
            install(t.variants(), t.primary(), t.previousPrimary(), t.policy(), shadows, RolloutEvent.Type.ROUTING_CHANGED,
                    variant, "shadow at " + fraction);
        }
    }

    /** Stops shadowing with {@code variant}; does nothing if it does not shadow. */
    public void stopShadow(String variant) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            List<Shadow> shadows = new ArrayList<>(t.shadows());
            if (shadows.removeIf(s -> s.variant().equals(variant))) {
                install(t.variants(), t.primary(), t.previousPrimary(), t.policy(), shadows,
                        RolloutEvent.Type.ROUTING_CHANGED, variant, "shadow stopped");
            }
        }
    }

    /**
     * Makes {@code variant} the primary and sends it all traffic, ending any experiment; the former
     * primary is remembered, so that a {@link #rollback} right after undoes the promotion.
     */
    public void promote(String variant) {
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            existing(t, variant);
            String previous = variant.equals(t.primary()) ? t.previousPrimary() : t.primary();
            List<Shadow> shadows = new ArrayList<>(t.shadows());
            shadows.removeIf(s -> s.variant().equals(variant)); // it serves now; shadowing itself is pointless
            install(t.variants(), variant, previous, single(variant), shadows, RolloutEvent.Type.PROMOTED, variant,
                    "promoted");
        }
    }

    /**
     * Sends all traffic back to the last good variant at once: ends a running experiment (canary,
     * flighting, bandit) in favour of the primary, or, when none runs, undoes the last promotion.
     *
     * @return the variant now taking all traffic
     * @throws IllegalStateException if there is nothing to roll back
     */
    public String rollback(String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (changes) {
            RoutingTable<I, O> t = table.get();
            boolean experiment = !(t.policy() instanceof RoutingPolicy.Single s && s.variant().equals(t.primary()));
            if (experiment) {
                String from = String.join(",", candidates(t));
                install(t.variants(), t.primary(), t.previousPrimary(), single(t.primary()), t.shadows(),
                        RolloutEvent.Type.ROLLED_BACK, from, reason);
                return t.primary();
            }
            if (t.previousPrimary() == null) {
                throw new IllegalStateException("deployment " + name + " has nothing to roll back: " + t.primary()
                        + " serves alone and was never promoted over another variant");
            }
            String back = t.previousPrimary();
            install(t.variants(), back, null, single(back), t.shadows(), RolloutEvent.Type.ROLLED_BACK, t.primary(), reason);
            return back;
        }
    }

    private static List<String> candidates(RoutingTable<?, ?> t) {
        List<String> out = new ArrayList<>(t.policy().variants());
        out.remove(t.primary());
        return out.isEmpty() ? List.of(t.primary()) : out;
    }

    private RoutingPolicy single(String variant) {
        return new RoutingPolicy.Single(name, variant);
    }

    private OnlinePredictor<I, O> existing(RoutingTable<I, O> t, String variant) {
        OnlinePredictor<I, O> p = t.variants().get(Objects.requireNonNull(variant, "variant"));
        if (p == null) {
            throw new IllegalArgumentException("deployment " + name + " has no variant " + variant + "; it has "
                    + new TreeSet<>(t.variants().keySet()));
        }
        return p;
    }

    private void route(RoutingTable<I, O> t, RoutingPolicy policy, String variant, String reason) {
        install(t.variants(), t.primary(), t.previousPrimary(), policy, t.shadows(), RolloutEvent.Type.ROUTING_CHANGED,
                variant, reason);
    }

    /** Replaces the table; callers hold {@link #changes}. */
    private void install(Map<String, OnlinePredictor<I, O>> variants, String primary, String previousPrimary,
                         RoutingPolicy policy, List<Shadow> shadows, RolloutEvent.Type type, String variant, String reason) {
        Posteriors p = policy instanceof RoutingPolicy.Bandit b
                ? posteriors.computeIfAbsent(b.experiment(), e -> new Posteriors()) : null;
        table.set(RoutingTable.of(variants, primary, previousPrimary, policy, shadows, p));
        listener.onEvent(new RolloutEvent(clock.instant(), name, type, variant, policy, reason));
    }

    private void resetGuards(String variant) {
        for (RolloutGuard<I, O> g : guards) {
            try {
                g.reset(variant);
            } catch (RuntimeException e) {
                LOG.warn("rollout guard {} failed to reset", g.getClass().getName(), e);
            }
        }
    }

    // ---- state ---------------------------------------------------------------------------------------

    /** The deployment's name. */
    public String name() {
        return name;
    }

    /** The routing policy in force. */
    public RoutingPolicy policy() {
        return table.get().policy();
    }

    /** The primary: the last good variant, where a rollback sends all traffic. */
    public String primary() {
        return table.get().primary();
    }

    /** The shadows in force. */
    public List<Shadow> shadows() {
        return table.get().shadows();
    }

    /** The names of the registered variants. */
    public Set<String> variants() {
        return new TreeSet<>(table.get().variants().keySet());
    }

    /** A variant's predictor, to swap or roll back its model version (the deployment still owns it). */
    public OnlinePredictor<I, O> variant(String variant) {
        return existing(table.get(), variant);
    }

    /** Shadow requests dropped because the shadow queue was full. */
    public long shadowDrops() {
        return shadowRunner.dropped();
    }

    /** Shadow requests accepted into the shadow queue. */
    public long shadowSubmitted() {
        return shadowRunner.submitted();
    }

    /**
     * Stops the shadows (interrupting their work), closes the assignment log (writing what it holds) and
     * every variant's predictor. Idempotent.
     */
    @Override
    public void close() {
        Map<String, OnlinePredictor<I, O>> variants;
        synchronized (changes) {
            if (closed) {
                return;
            }
            closed = true;
            variants = new LinkedHashMap<>(table.get().variants());
        }
        shadowRunner.close();
        if (assignmentLog != null) {
            assignmentLog.close();
        }
        for (Map.Entry<String, OnlinePredictor<I, O>> v : variants.entrySet()) {
            try {
                v.getValue().close();
            } catch (RuntimeException e) {
                LOG.warn("closing variant {} of deployment {} failed", v.getKey(), name, e);
            }
        }
    }

    /** The arm that served a unit's latest request under a bandit. */
    private record BanditPull(String experiment, String arm) {
    }

    /**
     * Builds a {@link Deployment}: its variants, unit key, guards, listeners, assignment log and shadow
     * executor. Not thread-safe.
     *
     * @param <I> the request type
     * @param <O> the prediction type
     */
    public static final class Builder<I, O> {
        private final String name;
        private final String primary;
        private final Map<String, OnlinePredictor<I, O>> variants = new LinkedHashMap<>();
        private Function<? super I, String> unitKey;
        private final List<RolloutListener<O>> listeners = new ArrayList<>();
        private final List<RolloutGuard<I, O>> guards = new ArrayList<>();
        private AssignmentLog assignmentLog;
        private int shadowThreads = 1;
        private int shadowQueue = 1000;
        private int banditMemory = 100_000;
        private UniformRandomProvider random = () -> ThreadLocalRandom.current().nextLong();
        private Clock clock = Clock.systemUTC();

        private Builder(String name, String primary, OnlinePredictor<I, O> predictor) {
            this.name = Objects.requireNonNull(name, "name");
            this.primary = Objects.requireNonNull(primary, "primaryVariant");
            variants.put(primary, Objects.requireNonNull(predictor, "predictor"));
        }

        /**
         * The unit of assignment, from a request: a user, customer or session id (required). All
         * requests of a unit see the same variant under a canary or flighting.
         */
        public Builder<I, O> unitKey(Function<? super I, String> unitKey) {
            this.unitKey = Objects.requireNonNull(unitKey, "unitKey");
            return this;
        }

        /** Registers another variant, taking no traffic until a policy routes to it. */
        public Builder<I, O> variant(String variant, OnlinePredictor<I, O> predictor) {
            if (variants.putIfAbsent(Objects.requireNonNull(variant, "variant"), Objects.requireNonNull(predictor, "predictor")) != null) {
                throw new IllegalArgumentException("variant " + variant + " given twice");
            }
            return this;
        }

        /** Hears routing changes, answers and shadow results. */
        public Builder<I, O> listener(RolloutListener<O> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Watches candidates and rolls back when it objects. A guard of wider types (such as
         * {@link ErrorRateGuard}, which reads neither requests nor predictions) is accepted.
         */
        @SuppressWarnings("unchecked") // an Outcome is read-only: a guard of supertypes reads it safely
        public Builder<I, O> guard(RolloutGuard<? super I, ? super O> guard) {
            guards.add((RolloutGuard<I, O>) Objects.requireNonNull(guard, "guard"));
            return this;
        }

        /** Records routed requests (sampled, off the request thread); the deployment owns and closes it. */
        public Builder<I, O> assignmentLog(AssignmentLog log) {
            this.assignmentLog = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Threads and queue bound of the shadow executor (default 1 thread, 1,000 queued). */
        public Builder<I, O> shadowExecutor(int threads, int queueCapacity) {
            if (threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("shadow threads and queue capacity must be >= 1");
            }
            this.shadowThreads = threads;
            this.shadowQueue = queueCapacity;
            return this;
        }

        /** How many units' latest bandit arm is remembered for {@link Deployment#reward} (default 100,000). */
        public Builder<I, O> banditMemory(int units) {
            if (units < 1) {
                throw new IllegalArgumentException("banditMemory must be >= 1, was " + units);
            }
            this.banditMemory = units;
            return this;
        }

        /**
         * The randomness of bandit draws (default: {@link ThreadLocalRandom}). Must be thread-safe if
         * several threads call {@code predict}; a seeded one makes a single-threaded simulation repeatable.
         */
        public Builder<I, O> random(UniformRandomProvider random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The clock of events (default UTC system clock). */
        public Builder<I, O> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The deployment, every request on the primary. */
        public Deployment<I, O> build() {
            if (unitKey == null) {
                throw new IllegalStateException("a deployment needs a unitKey");
            }
            return new Deployment<>(this);
        }
    }
}
