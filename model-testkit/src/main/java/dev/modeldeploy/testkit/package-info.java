/**
 * JUnit 5 checks for any {@link dev.modeldeploy.api.Model}: single-record and batch parity, the save,
 * publish and load round trip, thread safety, and the declared input and output schemas. Start with
 * {@link dev.modeldeploy.testkit.ModelTestKit#forModel(dev.modeldeploy.api.Model)}.
 */
package dev.modeldeploy.testkit;
