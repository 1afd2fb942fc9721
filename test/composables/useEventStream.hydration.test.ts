import { afterEach, describe, expect, it } from 'vitest'
import { createApp, createSSRApp, defineComponent, h, onMounted, shallowRef, type PropType } from 'vue'
import { useEventStream, type EventStreamStatus, type UseEventStreamReturn } from '../../src/composables/useEventStream'
import { FakeEventSource } from '../support/FakeEventSource'

afterEach(() => FakeEventSource.reset())

type Stream = UseEventStreamReturn<Record<string, unknown>>

/** Renders the status of a stream created in `setup`, or in `mounted` when `late` is set. */
const StreamStatus = defineComponent({
  props: {
    late: { type: Boolean, default: false },
    onCreated: { type: Function as PropType<(stream: Stream, status: EventStreamStatus) => void>, required: true },
  },
  setup(props) {
    const stream = shallowRef<Stream>()
    const create = () => {
      stream.value = useEventStream('/stream', { EventSource: FakeEventSource })
      props.onCreated(stream.value, stream.value.status.value)
    }
    if (props.late) onMounted(create)
    else create()
    return () => h('p', stream.value?.status.value ?? 'none')
  },
})

describe('useEventStream in a component', () => {
  it('opens once mounted, so a server-rendered status hydrates without a mismatch', async () => {
    const statusesAtCreation: EventStreamStatus[] = []
    const warnings: string[] = []
    const container = document.createElement('div')
    // What the server rendered: without a window the stream stays idle.
    container.innerHTML = '<p>idle</p>'
    const app = createSSRApp(StreamStatus, { onCreated: (_: Stream, status: EventStreamStatus) => statusesAtCreation.push(status) })
    app.config.warnHandler = (message) => warnings.push(message)
    app.mount(container)

    expect(statusesAtCreation).toEqual(['idle'])
    expect(warnings).toEqual([])
    expect(FakeEventSource.instances).toHaveLength(1)
    await Promise.resolve()
    expect(container.textContent).toBe('connecting')
    app.unmount()
    expect(FakeEventSource.live()).toEqual([])
  })

  it('opens at once when created after its component has mounted', () => {
    const statusesAtCreation: EventStreamStatus[] = []
    const onCreated = (_: Stream, status: EventStreamStatus) => statusesAtCreation.push(status)
    const props = { late: true, onCreated }
    const app = createApp(StreamStatus, props)
    app.mount(document.createElement('div'))
    expect(statusesAtCreation).toEqual(['connecting'])
    app.unmount()
  })
})
