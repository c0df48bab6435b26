"""openstacksdk's baremetal proxy against a Ferrum serving up to 1.111 (e2e/cli/openstacksdk-microversions.e2e.spec.ts).

Usage: python3 openstacksdk-microversions.py ENDPOINT. Every proxy call that touches what API versions 1.83 to 1.111
changed or added, first as the SDK negotiates it (each resource's own _max_microversion, capped by the server's),
then with baremetal_api_version pinned at 1.89 and at 1.111 (fields newer than the SDK must be ignored, not crash it),
then pinned above the server's maximum.

Prints one JSON line per call: {call, ok, error?, message?, requests: [{method, path, status, sent, answered}], ...}
where `sent`/`answered` are the X-OpenStack-Ironic-API-Version request and response headers, and, for calls that
return resources, `resources`: [{fields: {attr: python type}, mismatches: [...], ignored: [server fields the SDK
does not know]}].
"""
import json
import sys
import time
import urllib.parse

import openstack
from openstack import exceptions

ENDPOINT = sys.argv[1].rstrip('/')
HEADER = 'X-OpenStack-Ironic-API-Version'
LOG = []
MISSING = object()


def hook(response, *args, **kwargs):
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = response.text
    LOG.append({
        'method': response.request.method,
        'path': urllib.parse.urlsplit(response.url).path + ('?' + urllib.parse.urlsplit(response.url).query if urllib.parse.urlsplit(response.url).query else ''),
        'status': response.status_code,
        'sent': response.request.headers.get(HEADER),
        'answered': response.headers.get(HEADER),
        'body': body,
    })


def connect(version='1'):
    conn = openstack.connection.Connection(auth_type='none', baremetal_endpoint_override=ENDPOINT + '/', baremetal_api_version=version)
    hooks = conn.session.session.hooks.setdefault('response', [])
    if hook not in hooks:
        hooks.append(hook)
    return conn


def raw_of(res):
    """The JSON object the server sent for `res` (the last one seen with its identity)."""
    # Conductors have no identity field but their hostname; the others an alternate id (uuid, or a driver's name).
    key = 'hostname' if type(res).__name__ == 'Conductor' else (type(res)._alternate_id() or 'uuid')
    ident = getattr(res, type(res)._body_mapping()[key])
    for entry in reversed(LOG):
        body = entry['body']
        candidates = [body] if isinstance(body, dict) else []
        if isinstance(body, dict):
            for value in body.values():
                if isinstance(value, list):
                    candidates.extend(v for v in value if isinstance(v, dict))
        for candidate in candidates:
            if candidate.get(key) == ident:
                return candidate
    return {}


def parsed(res):
    """What the SDK made of one resource: each known field's Python type, wrong parses, and the fields it ignores."""
    raw = raw_of(res)
    mapping = type(res)._body_mapping()
    fields, mismatches = {}, []
    for server, attr in mapping.items():
        component = getattr(type(res), attr)
        value = getattr(res, attr)
        fields[attr] = type(value).__name__
        wire = raw.get(server, MISSING)
        if wire is MISSING or wire is None:
            continue
        declared = getattr(component, 'type', None)
        if declared in (bool, list, dict, int) and not isinstance(wire, declared):
            mismatches.append('%s: declared %s, server sent %r' % (attr, declared.__name__, wire))
        elif value != wire:
            mismatches.append('%s: server sent %r, SDK holds %r' % (attr, wire, value))
    return {'id': getattr(res, 'id', None), 'fields': fields, 'mismatches': mismatches,
            'ignored': sorted(k for k in raw if k not in mapping), 'raw': raw}


def call(name, fn, describe=None):
    del LOG[:]
    out = {'call': name}
    result = None
    try:
        result = fn()
        out['ok'] = True
        if describe is not None:
            out.update(describe(result))
        elif isinstance(result, list) and result and hasattr(result[0], '_body_mapping'):
            out['resources'] = [parsed(r) for r in result]
        elif hasattr(result, '_body_mapping'):
            out['resources'] = [parsed(result)]
        elif result is not None and not hasattr(result, '_body_mapping'):
            out['result'] = result
    except Exception as e:  # noqa: BLE001 - every failure is reported, the test decides
        out.update(ok=False, error=type(e).__name__, message=str(e),
                   status=getattr(e, 'status_code', None))
    out['requests'] = [{k: v for k, v in r.items() if k != 'body'} for r in LOG]
    print(json.dumps(out, default=str), flush=True)
    return result


def settle(conn, node):
    """Waits until the node has no reservation and no power transition (fake interfaces finish in the background)."""
    for _ in range(200):
        n = conn.baremetal.get_node(node)
        if n.reservation is None and n.target_power_state is None and n.target_provision_state is None:
            return n
        time.sleep(0.1)
    return n


bm = connect().baremetal
# The maxima the SDK negotiates: its own _max_microversion per resource, capped by the server's.
call('endpoint', lambda: None, lambda _: {
    'server_max': bm.get_endpoint_data().max_microversion and '%d.%d' % tuple(bm.get_endpoint_data().max_microversion[:2]),
    'server_min': bm.get_endpoint_data().min_microversion and '%d.%d' % tuple(bm.get_endpoint_data().min_microversion[:2]),
})

# ---- drivers and conductors -------------------------------------------------------------------------------------
call('drivers', lambda: list(bm.drivers(details=True)))
call('get_driver_redfish', lambda: bm.get_driver('redfish'))
call('get_driver_fake', lambda: bm.get_driver('fake-hardware'))
# conductors(details=True) asks for GET /v1/conductors/detail, a path Ironic has never had (it answers 404
# "Conductor detail could not be found.", the hostname lookup): an openstacksdk 0.101 bug. `detail=True` is the query form.
call('conductors_details_path', lambda: list(bm.conductors(details=True)))
call('conductors', lambda: list(bm.conductors(detail=True)))
conductors = list(bm.conductors())
call('get_conductor', lambda: bm.get_conductor(conductors[0].hostname))

# ---- nodes: create, read, update, provisioning verbs ------------------------------------------------------------
node = call('create_node', lambda: bm.create_node(driver='fake-hardware', name='sdk-mv-1', provision_state='enroll',
                                                  resource_class='sdk-mv', properties={'cpus': 2}))
uuid = node.id
call('get_node', lambda: bm.get_node(uuid))
call('find_node', lambda: bm.find_node('sdk-mv-1'))
call('nodes', lambda: list(bm.nodes()))
call('nodes_detail', lambda: list(bm.nodes(details=True)))
call('nodes_filtered', lambda: list(bm.nodes(details=True, resource_class='sdk-mv', provision_state='enroll')))
call('update_node', lambda: bm.update_node(uuid, extra={'sdk': 'mv'}))
call('patch_node', lambda: bm.patch_node(uuid, [{'op': 'add', 'path': '/extra/patched', 'value': True}]))
call('validate_node', lambda: bm.validate_node(uuid, required=('power', 'management')),
     lambda v: {'result': {k: {'result': r.result, 'reason': r.reason} for k, r in v.items()}})
call('manage', lambda: bm.set_node_provision_state(uuid, 'manage', wait=True, timeout=60))
call('inspect', lambda: bm.set_node_provision_state(uuid, 'inspect', wait=True, timeout=60))
call('clean', lambda: bm.set_node_provision_state(uuid, 'clean', wait=True, timeout=60, clean_steps=[
    {'interface': 'bios', 'step': 'apply_configuration', 'args': {'settings': [{'name': 'ProcTurboMode', 'value': 'Disabled'}]}}]))
call('provide', lambda: bm.set_node_provision_state(uuid, 'provide', wait=True, timeout=60))
call('set_node_traits', lambda: bm.set_node_traits(uuid, ['CUSTOM_SDK_A', 'CUSTOM_SDK_B']))
call('add_node_trait', lambda: bm.add_node_trait(uuid, 'CUSTOM_SDK_C'))
call('remove_node_trait', lambda: bm.remove_node_trait(uuid, 'CUSTOM_SDK_A'))
call('traits_after', lambda: bm.get_node(uuid), lambda n: {'traits': sorted(n.traits)})
call('set_maintenance', lambda: bm.set_node_maintenance(uuid, reason='sdk check'))
call('maintenance_after', lambda: bm.get_node(uuid), lambda n: {'maintenance': n.is_maintenance, 'reason': n.maintenance_reason})
call('unset_maintenance', lambda: bm.unset_node_maintenance(uuid))
# set_node_power_state returns nothing: each call reads the node back.
call('power_on', lambda: (bm.set_node_power_state(uuid, 'power on', wait=True, timeout=60), bm.get_node(uuid))[1])
call('power_off', lambda: (bm.set_node_power_state(uuid, 'power off', wait=True, timeout=60), bm.get_node(uuid))[1])
call('boot_device', lambda: bm.set_node_boot_device(uuid, 'pxe', persistent=True))
call('boot_mode', lambda: bm.set_node_boot_mode(uuid, 'uefi'))
settle(connect(), uuid)

# ---- ports, port groups, VIFs ------------------------------------------------------------------------------------
group = call('create_port_group', lambda: bm.create_port_group(node_id=uuid, name='sdk-mv-pg', address='52:54:00:aa:00:01', mode='active-backup'))
call('get_port_group', lambda: bm.get_port_group(group.id))
call('find_port_group', lambda: bm.find_port_group('sdk-mv-pg'))
call('port_groups', lambda: list(bm.port_groups(details=True)))
call('patch_port_group', lambda: bm.patch_port_group(group.id, [{'op': 'add', 'path': '/extra/a', 'value': 'b'}]))
port = call('create_port', lambda: bm.create_port(node_id=uuid, address='52:54:00:aa:00:02', port_group_id=group.id,
                                                  local_link_connection={'switch_id': '0a:1b:2c:3d:4e:5f', 'port_id': 'Ethernet1'}))
call('get_port', lambda: bm.get_port(port.id))
call('find_port', lambda: bm.find_port(port.id))
call('ports', lambda: list(bm.ports(details=True)))
call('ports_by_node', lambda: list(bm.ports(details=True, node_id=uuid)))
call('update_port', lambda: bm.update_port(port.id, extra={'x': 'y'}))
call('patch_port', lambda: bm.patch_port(port.id, [{'op': 'add', 'path': '/extra/patched', 'value': 'yes'}]))
# Connectivity fields only change in enroll, inspecting, inspect wait, manageable or maintenance (409 as on Ironic).
call('patch_port_connectivity_available', lambda: bm.patch_port(port.id, [{'op': 'replace', 'path': '/pxe_enabled', 'value': False}]))
call('maintenance_for_port', lambda: bm.set_node_maintenance(uuid, reason='port'))
call('patch_port_connectivity_maintenance', lambda: bm.patch_port(port.id, [{'op': 'replace', 'path': '/pxe_enabled', 'value': False}]))
call('unset_maintenance_for_port', lambda: bm.unset_node_maintenance(uuid))
call('attach_vif', lambda: bm.attach_vif_to_node(uuid, 'e7a6d3bd-4c64-4d5e-a1a1-7d7b3c8f2d11'))
call('list_vifs', lambda: bm.list_node_vifs(uuid))
call('detach_vif', lambda: bm.detach_vif_from_node(uuid, 'e7a6d3bd-4c64-4d5e-a1a1-7d7b3c8f2d11'))

# ---- deploy templates, allocations, deploy, rescue -------------------------------------------------------------------
template = call('create_deploy_template', lambda: bm.create_deploy_template(name='CUSTOM_SDK_MV', steps=[
    {'interface': 'bios', 'step': 'apply_configuration', 'args': {'settings': [{'name': 'ProcTurboMode', 'value': 'Enabled'}]}, 'priority': 150}]))
call('get_deploy_template', lambda: bm.get_deploy_template(template.id))
call('deploy_templates', lambda: list(bm.deploy_templates(details=True)))
call('update_deploy_template', lambda: bm.update_deploy_template(template.id, extra={'k': 'v'}))
call('patch_deploy_template', lambda: bm.patch_deploy_template(template.id, [{'op': 'add', 'path': '/extra/p', 'value': 1}]))
allocation = call('create_allocation', lambda: bm.create_allocation(resource_class='sdk-mv', traits=['CUSTOM_SDK_B'], name='sdk-mv-alloc'))
call('wait_for_allocation', lambda: bm.wait_for_allocation(allocation.id, timeout=60))
call('get_allocation', lambda: bm.get_allocation(allocation.id))
call('allocations', lambda: list(bm.allocations()))
call('update_allocation', lambda: bm.update_allocation(allocation.id, extra={'a': 'b'}))
call('patch_allocation', lambda: bm.patch_allocation(allocation.id, [{'op': 'add', 'path': '/extra/c', 'value': 'd'}]))
call('deploy', lambda: bm.set_node_provision_state(uuid, 'active', wait=True, timeout=60))
call('rescue', lambda: bm.set_node_provision_state(uuid, 'rescue', rescue_password='sdk-secret', wait=True, timeout=60))
call('unrescue', lambda: bm.set_node_provision_state(uuid, 'unrescue'))
call('wait_unrescued', lambda: bm.wait_for_nodes_provision_state([uuid], 'active', timeout=60))
call('undeploy', lambda: bm.set_node_provision_state(uuid, 'deleted', wait=True, timeout=60))
call('delete_allocation', lambda: bm.delete_allocation(allocation.id))
call('delete_deploy_template', lambda: bm.delete_deploy_template(template.id))

# ---- volume ----------------------------------------------------------------------------------------------------
vol_node = call('create_volume_node', lambda: bm.create_node(driver='fake-hardware', name='sdk-mv-vol', provision_state='enroll'))
# Volume connectors and targets change only while the node is powered off (a new node's power state is unknown).
call('power_off_volume_node', lambda: bm.set_node_power_state(vol_node.id, 'power off', wait=True, timeout=60))
connector = call('create_volume_connector', lambda: bm.create_volume_connector(node_id=vol_node.id, type='iqn', connector_id='iqn.2026-12.org.ferrum:sdk-mv'))
call('get_volume_connector', lambda: bm.get_volume_connector(connector.id))
call('volume_connectors', lambda: list(bm.volume_connectors(details=True)))
call('patch_volume_connector', lambda: bm.patch_volume_connector(connector.id, [{'op': 'add', 'path': '/extra/a', 'value': 'b'}]))
target = call('create_volume_target', lambda: bm.create_volume_target(node_id=vol_node.id, volume_type='iscsi', volume_id='04452bed-5367-4202-8bf5-de4335ac56d2', boot_index=0))
call('get_volume_target', lambda: bm.get_volume_target(target.id))
call('volume_targets', lambda: list(bm.volume_targets(details=True)))
call('update_volume_target', lambda: bm.update_volume_target(target.id, extra={'a': 'b'}))
call('delete_volume_target', lambda: bm.delete_volume_target(target.id))
call('delete_volume_connector', lambda: bm.delete_volume_connector(connector.id))
call('delete_volume_node', lambda: bm.delete_node(vol_node.id))

# ---- pinned at 1.111: the newer fields, written by JSON patch (the SDK has no attributes for them) ----------------------
latest = connect('1.111').baremetal
parent = call('pinned111_create_parent', lambda: latest.create_node(driver='fake-hardware', name='sdk-mv-parent', provision_state='enroll'))
call('pinned111_patch_node', lambda: latest.patch_node(uuid, [
    {'op': 'add', 'path': '/parent_node', 'value': parent.id},
    {'op': 'replace', 'path': '/firmware_interface', 'value': 'no-firmware'},
    {'op': 'replace', 'path': '/disable_power_off', 'value': True},
    {'op': 'add', 'path': '/instance_name', 'value': 'sdk-instance'},
]))
call('pinned111_get_node', lambda: latest.get_node(uuid))
# A node list leaves out child nodes (sdk-mv-1 now has a parent) unless ?include_children=True (Ironic: at any version),
# a query the SDK does not know: it refuses it before sending anything.
call('pinned111_nodes', lambda: list(latest.nodes(details=True)))
call('pinned111_nodes_include_children', lambda: list(latest.nodes(details=True, include_children=True)))
call('negotiated_nodes_with_child', lambda: list(bm.nodes(details=True)))
call('pinned111_patch_port', lambda: latest.patch_port(port.id, [
    {'op': 'add', 'path': '/name', 'value': 'sdk-port'},
    {'op': 'add', 'path': '/description', 'value': 'uplink'},
    {'op': 'add', 'path': '/vendor', 'value': 'acme'},
    {'op': 'add', 'path': '/category', 'value': 'data'},
]))
call('pinned111_get_port', lambda: latest.get_port(port.id))
call('pinned111_ports', lambda: list(latest.ports(details=True)))
call('pinned111_patch_port_group', lambda: latest.patch_port_group(group.id, [{'op': 'add', 'path': '/category', 'value': 'bond'}]))
call('pinned111_get_port_group', lambda: latest.get_port_group(group.id))
call('pinned111_get_driver_redfish', lambda: latest.get_driver('redfish'))
call('pinned111_conductors', lambda: list(latest.conductors(detail=True)))
call('pinned111_allocations', lambda: list(latest.allocations()))
call('pinned111_volume_connectors', lambda: list(latest.volume_connectors(details=True)))
template2 = call('pinned111_create_deploy_template', lambda: latest.create_deploy_template(name='CUSTOM_SDK_MV2', steps=[
    {'interface': 'deploy', 'step': 'deploy', 'args': {}, 'priority': 100}]))
call('pinned111_get_deploy_template', lambda: latest.get_deploy_template(template2.id))
call('pinned111_delete_deploy_template', lambda: latest.delete_deploy_template(template2.id))
# The same node read by the negotiating connection: none of the newer fields.
call('negotiated_get_node', lambda: bm.get_node(uuid))
call('negotiated_get_port', lambda: bm.get_port(port.id))
# Verbs at 1.111: a manual clean held by the reserved `hold` step (1.85), then abort from clean hold.
call('pinned111_manage', lambda: latest.set_node_provision_state(uuid, 'manage', wait=True, timeout=60))
call('pinned111_clean_hold', lambda: latest.set_node_provision_state(uuid, 'clean', clean_steps=[{'interface': 'deploy', 'step': 'hold'}]))
call('pinned111_wait_clean_hold', lambda: latest.wait_for_nodes_provision_state([uuid], 'clean hold', timeout=60))
call('abort', lambda: bm.set_node_provision_state(uuid, 'abort'))
call('wait_clean_failed', lambda: bm.wait_for_nodes_provision_state([uuid], 'clean failed', timeout=60))
call('manage_after_abort', lambda: bm.set_node_provision_state(uuid, 'manage', wait=True, timeout=60))
call('pinned111_validate_node', lambda: latest.validate_node(uuid, required=('power', 'management')),
     lambda v: {'result': {k: {'result': r.result, 'reason': r.reason} for k, r in v.items()}})
call('pinned111_set_node_traits', lambda: latest.set_node_traits(uuid, ['CUSTOM_SDK_Z']))
call('pinned111_maintenance', lambda: latest.set_node_maintenance(uuid, reason='pinned'))
call('pinned111_unset_maintenance', lambda: latest.unset_node_maintenance(uuid))
call('pinned111_boot_device', lambda: latest.set_node_boot_device(uuid, 'pxe', persistent=False))
call('pinned111_power_on', lambda: latest.set_node_power_state(uuid, 'power on', wait=True, timeout=60))

# ---- pinned at 1.89: the version gates in between -------------------------------------------------------------------
v89 = connect('1.89').baremetal
call('pinned89_get_node', lambda: v89.get_node(uuid))
call('pinned89_get_port', lambda: v89.get_port(port.id))
call('pinned89_get_port_group', lambda: v89.get_port_group(group.id))
call('pinned89_get_driver_redfish', lambda: v89.get_driver('redfish'))

# ---- above the server's maximum ---------------------------------------------------------------------------------------
call('pinned112_connect', lambda: connect('1.112').baremetal.get_node(uuid))


def describe_406(response):
    """The raw 406 and what the SDK makes of it (raise_from_response, as every proxy call does)."""
    try:
        exceptions.raise_from_response(response)
        raised = None
    except exceptions.SDKException as e:
        raised = {'type': type(e).__name__, 'status': getattr(e, 'status_code', None), 'message': str(e)}
    return {'status': response.status_code, 'body': response.json(), 'raised': raised,
            'min': response.headers.get('X-OpenStack-Ironic-API-Minimum-Version'),
            'max': response.headers.get('X-OpenStack-Ironic-API-Maximum-Version')}


call('raw_112', lambda: bm.get('/nodes/%s' % uuid, microversion='1.112'), describe_406)
