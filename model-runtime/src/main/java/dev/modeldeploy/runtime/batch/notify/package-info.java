/** Notifications about batch runs: webhooks (Slack-compatible) and logs. */
package dev.modeldeploy.runtime.batch.notify;
