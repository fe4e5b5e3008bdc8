/**
 * The composition root (below the command line, above the features): {@link io.edgetally.site.Sites#start} builds
 * the site a config describes — the database, the tally with its uplink, the CoAP settings, then the kind's own
 * service — for {@code edgetally run}, the demos and the simulated-site tests alike, so what a demo runs is what
 * ships. {@link io.edgetally.site.RunningSite} is either kind; {@link io.edgetally.site.SiteHost} is what the
 * process provides (clock, GPIO, durability, a simulator's adjustments); {@link io.edgetally.site.ServiceLoop} runs
 * a site on its {@link io.edgetally.site.CycleRunner} and stops it, in one place for both kinds.
 */
package io.edgetally.site;
