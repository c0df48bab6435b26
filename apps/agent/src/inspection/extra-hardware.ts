import { type Collector, message } from './collector';

/**
 * IPA's `extra-hardware` collector: the JSON `hardware-detect` prints (from the `hardware` Python package),
 * sent as `data`. Like IPA, a machine without hardware-detect, or output that is not JSON, is an inspection
 * failure ("failed to run hardware-detect utility: …"): whoever asked for this collector relies on its data.
 * No benchmarks are run (IPA's `ipa-inspection-benchmarks` is not a parameter this agent knows).
 */
export const collectExtraHardware: Collector = async (ctx, failures) => {
  let output: string;
  try {
    output = await ctx.run('hardware-detect', []);
  } catch (err) {
    failures.add(`failed to run hardware-detect utility: ${message(err)}`);
    return {};
  }
  try {
    return { data: JSON.parse(output) as unknown };
  } catch (err) {
    failures.add(`JSON returned from hardware-detect cannot be decoded: ${message(err)}`);
    return {};
  }
};
