/** `count` named `notification` events with ids 1..count, as one stream text (about 117 bytes each). */
export function notificationBurst(count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `id: ${i + 1}\nevent: notification\ndata: {"id":"n${i + 1}","message":"Notification number ${i + 1} arrived and waits to be read"}\n\n`,
  ).join('')
}
