/**
 * The fixed `--format` templates of the Docker commands the probe may run as root. They emit
 * exactly what the comparators need and nothing that can hold a secret: no environment
 * VALUES (only the part of `NAME=value` before the first `=`), no command, arguments,
 * labels, health-check logs or driver options.
 *
 * Output format (parsed by `parse/labelled.ts`): one field per line, a two-letter label
 * followed by one JSON value as Docker's `json` template function prints it (JSON never
 * contains a raw newline). A record starts with its first label (`CN` a container, `NN` a
 * network, `VN` a volume).
 *
 * The templates are also sudoers arguments (`privileged-commands.ts`), so they obey two rules
 * the tests check: no glob character (`*`, `?`, `[`, `]`) and no space outside a `{{ … }}`
 * action. sudo compares argument lists joined by spaces, so whoever splits the template at a
 * space gets a `--format` value that ends inside an unclosed action: a template parse error,
 * never another template.
 */

/** Container fields: name, image, state, health, restart policy, ports, networks, mounts, env names. */
export const CONTAINER_TEMPLATE = [
	'CN{{json .Name}}{{println}}',
	'IM{{json .Config.Image}}{{println}}',
	'ST{{json .State.Status}}{{println}}',
	'HE{{with .State.Health}}{{json .Status}}{{end}}{{println}}',
	'RP{{json .HostConfig.RestartPolicy.Name}}{{println}}',
	'PS{{json .NetworkSettings.Ports}}{{println}}',
	'PB{{json .HostConfig.PortBindings}}{{println}}',
	'{{range $k,$v:=.NetworkSettings.Networks}}NW{{json $k}}{{println}}{{end}}',
	'{{range .Mounts}}MT{{json .Type}}{{println}}MN{{json .Name}}{{println}}MS{{json .Source}}{{println}}MD{{json .Destination}}{{println}}{{end}}',
	'{{range .Config.Env}}EN{{json (index (split . "=") 0)}}{{println}}{{end}}',
].join('');

/** Network fields: name, driver, IPAM subnets and gateways, bridge interface option. */
export const NETWORK_TEMPLATE = [
	'NN{{json .Name}}{{println}}',
	'ND{{json .Driver}}{{println}}',
	'{{range .IPAM.Config}}SU{{json .Subnet}}{{println}}GW{{json .Gateway}}{{println}}{{end}}',
	'IF{{json (index .Options "com.docker.network.bridge.name")}}',
].join('');

/** Volume fields: name and driver. */
export const VOLUME_TEMPLATE = 'VN{{json .Name}}{{println}}VD{{json .Driver}}';
