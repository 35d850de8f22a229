/**
 * Model rollout inside the process: a {@link dev.modeldeploy.runtime.rollout.Deployment} holds named
 * variants, each an {@link dev.modeldeploy.runtime.online.OnlinePredictor} serving one model version,
 * and routes every request by a {@link dev.modeldeploy.runtime.rollout.RoutingPolicy}:
 *
 * <ul>
 *   <li>single variant; canary (a share of units, changeable at run time, sticky as it grows); A/B(/n)
 *       flighting with weights; a Thompson-sampling bandit fed by
 *       {@link dev.modeldeploy.runtime.rollout.Deployment#reward};</li>
 *   <li>{@linkplain dev.modeldeploy.runtime.rollout.Shadow shadow} variants that score requests on a
 *       bounded executor of their own and can never delay or fail the answer;</li>
 *   <li>assignment by {@link dev.modeldeploy.runtime.rollout.UnitHash}, a salted MurmurHash3 of the
 *       request's unit key, stable across requests, processes and restarts;</li>
 *   <li>atomic changes (promote, share, arms, rollback) through one immutable routing table;</li>
 *   <li>{@link dev.modeldeploy.runtime.rollout.RolloutGuard}s, such as the
 *       {@link dev.modeldeploy.runtime.rollout.ErrorRateGuard}, that roll a bad candidate back on their
 *       own and emit a {@link dev.modeldeploy.runtime.rollout.RolloutEvent};</li>
 *   <li>metrics ({@link dev.modeldeploy.runtime.rollout.RolloutMetrics}) and an assignment log
 *       ({@code log} package) for joining outcomes to assignments later.</li>
 * </ul>
 *
 * <p>The implementation lives in {@code internal}, which is not part of the API.
 */
package dev.modeldeploy.runtime.rollout;
