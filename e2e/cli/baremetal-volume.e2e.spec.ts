import { cliAgainstFerrum } from '../support/baremetal-cli';
import { IronicHttp } from '../support/http';

/**
 * Volume connectors and targets (API 1.32) through python-ironicclient's `baremetal volume …` commands
 * against an all-in-one Ferrum with fake hardware: create, list, show, set, delete, the uniqueness rules
 * and the powered-off rule as the CLI prints them.
 */
describe('real baremetal CLI: volume connectors and targets', () => {
  const ctx = cliAgainstFerrum('CLI volume conformance', () => ({ FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware' }));
  const { maybe } = ctx;
  const bm = (...args: string[]) => ctx.cli.bm(...args);
  const bmFails = (...args: string[]) => ctx.cli.fails(...args);
  const power = async (uuid: string, state: 'on' | 'off') => {
    await bm('node', 'power', state, uuid);
    await new IronicHttp(ctx.cli.endpoint).until(`/v1/nodes/${uuid}`, (n) => n.power_state === `power ${state}` && n.reservation === null);
  };

  maybe('creates, lists, shows, sets and deletes volume connectors', async () => {
    const { uuid: node } = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-vol-1');
    const other = (await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-vol-2')).uuid;
    // The CLI reads key=value values as JSON where they parse: rack=4 is the number 4.
    const created = await bm('volume', 'connector', 'create', '--node', node, '--type', 'iqn', '--connector-id', 'iqn.2026-12.org.ferrum:cli-1', '--extra', 'rack=4');
    expect(created).toMatchObject({ node_uuid: node, type: 'iqn', connector_id: 'iqn.2026-12.org.ferrum:cli-1', extra: { rack: 4 }, updated_at: null });
    const wwpn = await bm('volume', 'connector', 'create', '--node', node, '--type', 'wwpn', '--connector-id', '21:00:00:24:ff:00:00:01');

    expect(await bmFails('volume', 'connector', 'create', '--node', other, '--type', 'iqn', '--connector-id', 'iqn.2026-12.org.ferrum:cli-1')).toMatch(
      /A volume connector with type iqn and connector ID iqn\.2026-12\.org\.ferrum:cli-1 already exists\./,
    );
    const listed = await bm('volume', 'connector', 'list', '--node', 'cli-vol-1', '--sort', 'type:desc');
    expect(listed.map((c: any) => [c.UUID, c.Type, c['Connector ID'], c['Node UUID']])).toEqual([
      [wwpn.uuid, 'wwpn', '21:00:00:24:ff:00:00:01', node],
      [created.uuid, 'iqn', 'iqn.2026-12.org.ferrum:cli-1', node],
    ]);
    const long = await bm('volume', 'connector', 'list', '--long', '--node', node);
    expect(long.find((c: any) => c.UUID === created.uuid)).toMatchObject({ Extra: { rack: 4 } });
    expect(await bm('volume', 'connector', 'list', '--node', other)).toEqual([]);
    expect(await bm('volume', 'connector', 'show', created.uuid, '--fields', 'uuid', 'extra')).toEqual({ uuid: created.uuid, extra: { rack: 4 } });

    // The node has no power state yet: Ironic changes a node's volumes only while it is powered off.
    expect(await bmFails('volume', 'connector', 'set', created.uuid, '--extra', 'row=2')).toMatch(/"volume connector update" can not be performed on node "[0-9a-f-]+" while it is in state "None"/);
    await power(node, 'off');
    await bm('volume', 'connector', 'set', created.uuid, '--extra', 'row=2', '--connector-id', 'iqn.2026-12.org.ferrum:cli-1b');
    const shown = await bm('volume', 'connector', 'show', created.uuid);
    expect(shown).toMatchObject({ connector_id: 'iqn.2026-12.org.ferrum:cli-1b', extra: { rack: 4, row: 2 }, updated_at: expect.any(String) });
    expect(await bmFails('volume', 'connector', 'set', created.uuid, '--node', other)).toMatch(/can not be performed on node "[0-9a-f-]+" while it is in state "None"/);

    await bm('volume', 'connector', 'delete', created.uuid, wwpn.uuid);
    expect(await bm('volume', 'connector', 'list', '--node', node)).toEqual([]);
    expect(await bmFails('volume', 'connector', 'show', created.uuid)).toMatch(/Volume connector [0-9a-f-]+ could not be found\./);
  });

  maybe('creates, lists, shows, sets and deletes volume targets, with their secrets masked', async () => {
    const { uuid: node } = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-vol-3');
    const boot = await bm(
      'volume', 'target', 'create', '--node', node, '--type', 'iscsi', '--boot-index', '0', '--volume-id', 'vol-boot',
      '--property', 'target_iqn=iqn.2026-12.org.ferrum:tgt', '--property', 'auth_password=not-for-output',
    );
    expect(boot).toMatchObject({ node_uuid: node, volume_type: 'iscsi', boot_index: 0, volume_id: 'vol-boot', properties: { target_iqn: 'iqn.2026-12.org.ferrum:tgt', auth_password: '******' } });
    const data = await bm('volume', 'target', 'create', '--node', node, '--type', 'fibre_channel', '--boot-index', '1', '--volume-id', 'vol-data');
    expect(await bmFails('volume', 'target', 'create', '--node', node, '--type', 'iscsi', '--boot-index', '1', '--volume-id', 'vol-x')).toMatch(
      /A volume target with boot index '1' for the same node already exists\./,
    );

    const listed = await bm('volume', 'target', 'list', '--node', 'cli-vol-3', '--sort', 'boot_index:desc');
    expect(listed.map((t: any) => [t.UUID, t['Boot Index'], t['Volume ID'], t['Driver Volume Type']])).toEqual([
      [data.uuid, 1, 'vol-data', 'fibre_channel'],
      [boot.uuid, 0, 'vol-boot', 'iscsi'],
    ]);
    const shown = await bm('volume', 'target', 'show', boot.uuid);
    expect(shown.properties).toEqual({ target_iqn: 'iqn.2026-12.org.ferrum:tgt', auth_password: '******' });
    expect(JSON.stringify(shown)).not.toContain('not-for-output');

    await power(node, 'off');
    await bm('volume', 'target', 'set', data.uuid, '--boot-index', '2', '--property', 'lun=3', '--volume-id', 'vol-data-2');
    expect(await bm('volume', 'target', 'show', data.uuid)).toMatchObject({ boot_index: 2, volume_id: 'vol-data-2', properties: { lun: 3 } });
    // (The CLI drops --boot-index 0 as if it were not given: a taken index other than 0 shows the rule.)
    expect(await bmFails('volume', 'target', 'set', boot.uuid, '--boot-index', '2')).toMatch(/A volume target with boot index '2' for the same node already exists\./);

    await power(node, 'on');
    expect(await bmFails('volume', 'target', 'delete', data.uuid)).toMatch(/"volume target deletion" can not be performed on node "[0-9a-f-]+" while it is in state "power on"/);
    await power(node, 'off');
    await bm('volume', 'target', 'delete', data.uuid);
    expect((await bm('volume', 'target', 'list', '--node', node)).map((t: any) => t.UUID)).toEqual([boot.uuid]);

    // Deleting the node deletes its volumes.
    await bm('node', 'delete', node);
    expect(await bmFails('volume', 'target', 'show', boot.uuid)).toMatch(/Volume target [0-9a-f-]+ could not be found\./);
  });
});
