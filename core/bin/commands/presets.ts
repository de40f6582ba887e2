/**
 * `smesher presets`: lists the network presets and their main parameters (`--json` for scripts).
 * @module
 */
import { PRESETS } from '../../params/presets.js';
import { type Command, parseFlags } from '../cli.js';

export const presetsCommand: Command = {
  name: 'presets',
  summary: 'list the network presets',
  usage: 'smesher presets [--json]\n\nLists the network presets (standalone, devnet, testnet) and their main parameters.',
  run(args, io) {
    const { values } = parseFlags(args, { json: { type: 'boolean' } });
    for (const preset of Object.values(PRESETS)) {
      if (values.json) {
        io.stdout(JSON.stringify(preset));
        continue;
      }
      const epochS = (preset.layerDurationMs * preset.layersPerEpoch) / 1000;
      io.stdout(
        `${preset.name.padEnd(11)} layer ${preset.layerDurationMs / 1000} s, ${preset.layersPerEpoch} layers/epoch (${epochS} s), ` +
          `PoST N=${preset.post.scryptN} ${preset.post.labelsPerUnit} labels/unit, units ${preset.post.minUnits}..${preset.post.maxUnits}, ` +
          `PoET ${preset.poet.embedded ? 'embedded' : 'by URL'}: ${preset.description}`,
      );
    }
    return Promise.resolve(0);
  },
};
