/**
 * The site configuration ({@code /etc/edgetally/edgetally.yaml}), read and checked in one go, below everything that
 * uses it: {@link io.edgetally.config.SiteConfig} is sealed per kind (a {@code Barn} with its {@link
 * io.edgetally.config.BarnConfig}, a {@code Station} with its {@link io.edgetally.config.StationConfig}), what both
 * have is {@code SiteConfig.Common}, the {@code io:} section {@link io.edgetally.config.IoConfig}. {@link
 * io.edgetally.config.ConfigNode} is the one YAML walker (the schedules use it too): every error names the file, the
 * line and the key path.
 */
package io.edgetally.config;
