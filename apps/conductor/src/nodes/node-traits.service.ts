import { Injectable } from '@nestjs/common';
import { byCodePoint } from '@ferrum/contracts';
import { InvalidParameterValue, NodeTraitNotFound } from '@ferrum/errors';
import { TaskManager } from '../locks/task-manager';

/** Ironic's MAX_TRAITS_PER_NODE. */
export const MAX_TRAITS_PER_NODE = 50;

/**
 * A node's traits (Ironic's add_node_traits / remove_node_traits): changed under the node's exclusive lock,
 * so a busy node answers 409, and kept sorted and without duplicates (Ironic keeps a set).
 */
@Injectable()
export class NodeTraitsService {
  constructor(private readonly tasks: TaskManager) {}

  async set(nodeUuid: string, traits: string[], replace: boolean): Promise<void> {
    await this.tasks.withExclusive(nodeUuid, async (task) => {
      const next = new Set(replace ? traits : [...task.node.traits, ...traits]);
      if (next.size > MAX_TRAITS_PER_NODE) {
        // Ironic's database layer names the node by its internal id here.
        throw new InvalidParameterValue({
          message: `Could not modify traits for node ${task.node.id} as it would exceed the maximum number of traits per node (${next.size} vs. ${MAX_TRAITS_PER_NODE})`,
        });
      }
      await task.save({ traits: [...next].sort(byCodePoint) });
    });
  }

  async remove(nodeUuid: string, traits: string[] | null): Promise<void> {
    await this.tasks.withExclusive(nodeUuid, async (task) => {
      const missing = traits?.find((t) => !task.node.traits.includes(t));
      if (missing !== undefined) throw new NodeTraitNotFound({ node: task.node.uuid, trait: missing });
      await task.save({ traits: traits ? task.node.traits.filter((t) => !traits.includes(t)) : [] });
    });
  }
}
