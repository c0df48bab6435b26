/** A known accelerator: matched on vendor_id and device_id; every field is copied into properties.accelerators. */
export interface KnownAccelerator {
  vendor_id: string;
  device_id: string;
  [field: string]: unknown;
}

/** Ironic's bundled known_accelerators.yaml, the list used when no file is configured. */
export const KNOWN_ACCELERATORS: readonly KnownAccelerator[] = [
  { vendor_id: '10de', device_id: '1eb8', type: 'GPU', device_info: 'NVIDIA Corporation Tesla T4' },
  { vendor_id: '10de', device_id: '1df6', type: 'GPU', device_info: 'NVIDIA Corporation GV100GL' },
  { vendor_id: '10de', device_id: '2236', type: 'GPU', device_info: 'NVIDIA Corporation A10' },
  { vendor_id: '10de', device_id: '2235', type: 'GPU', device_info: 'NVIDIA Corporation A40' },
  { vendor_id: '10de', device_id: '26b9', type: 'GPU', device_info: 'NVIDIA Corporation L40S' },
  { vendor_id: '10de', device_id: '26ba', type: 'GPU', device_info: 'NVIDIA Corporation L20' },
];
