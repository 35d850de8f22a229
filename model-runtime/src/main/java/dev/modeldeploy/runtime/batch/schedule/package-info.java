/** Running batch jobs in-process on a cron schedule, for hosts without cron. */
package dev.modeldeploy.runtime.batch.schedule;
