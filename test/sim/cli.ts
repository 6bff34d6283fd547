/** `npm run sim`: starts the simulation and prints how to reach it. Stops on SIGINT/SIGTERM. */
import { startSim } from './server';

const portArg = process.argv.find((a) => a.startsWith('--port='));
const port = portArg ? Number(portArg.slice('--port='.length)) : Number(process.env.SIM_PORT ?? 0);

const sim = await startSim({ port: Number.isFinite(port) ? port : 0 });
console.log(`Simulation running at ${sim.origin}`);
console.log(`port: ${sim.port}`);
console.log(`host resolver rules: ${sim.hostResolverRules}`);
console.log('');
console.log('Chromium:');
console.log(
  `  chromium --ignore-certificate-errors --host-resolver-rules="${sim.hostResolverRules}" \\`,
);
console.log(
  '    https://acme.my.salesforce.com/secur/frontdoor.jsp?retURL=/lightning/r/Case/5005g00000HfCa1AAF/view',
);
console.log(`Control API: ${sim.origin}/__sim/info (see test/sim/README.md)`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the simulation…`);
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
