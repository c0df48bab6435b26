type Json = Record<string, unknown>;

export const TASKS = '/redfish/v1/TaskService/Tasks';

/**
 * One SimpleUpdate as the BMC's TaskService shows it (DSP0266 "Asynchronous operations"): Running from the
 * moment it is accepted, Completed once the image is flashed. Its monitor answers 202 with the task while it
 * runs and 204 (the action has no response body) once it is done, as bmcweb does.
 */
export class FirmwareTask {
  state: 'Running' | 'Completed' = 'Running';
  private readonly started = new Date().toISOString();
  private ended?: string;
  private messages: Json[] = [];

  constructor(
    readonly id: string,
    /** What is flashed, for the completion message: a system's BIOS or the manager. */
    private readonly device: string,
    private readonly image: string,
  ) {}

  get uri(): string {
    return `${TASKS}/${this.id}`;
  }

  get monitor(): string {
    return `${this.uri}/Monitor`;
  }

  complete(): void {
    this.state = 'Completed';
    this.ended = new Date().toISOString();
    // Update.1.0 registry wording; Ironic shows the Message, or the MessageId when there is none.
    this.messages = [
      { MessageId: 'Update.1.0.UpdateSuccessful', Message: `Device '${this.device}' successfully updated with image '${this.image}'.`, MessageArgs: [this.device, this.image], Severity: 'OK' },
    ];
  }

  doc(): Json {
    return {
      '@odata.id': this.uri,
      '@odata.type': '#Task.v1_7_0.Task',
      Id: this.id,
      Name: `Task ${this.id}`,
      TaskState: this.state,
      TaskStatus: 'OK',
      PercentComplete: this.state === 'Completed' ? 100 : 0,
      StartTime: this.started,
      ...(this.ended && { EndTime: this.ended }),
      TaskMonitor: this.monitor,
      Messages: this.messages,
    };
  }
}
