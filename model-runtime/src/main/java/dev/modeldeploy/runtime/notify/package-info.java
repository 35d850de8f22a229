/** Delivery of notifications shared by batch runs and drift monitoring: {@link dev.modeldeploy.runtime.notify.Webhook}. */
package dev.modeldeploy.runtime.notify;
