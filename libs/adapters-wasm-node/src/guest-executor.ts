/** Where guest code runs: on the calling thread (`inline`) or in worker threads (`worker`). */
export type GuestExecutor = 'inline' | 'worker';
