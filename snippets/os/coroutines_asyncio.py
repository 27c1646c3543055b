"""r1-16 / r2-19：同样的回显和并发睡眠，换成 asyncio（async def / await）。

asyncio 的事件循环做的事和 coroutines.Scheduler 一样：就绪队列、定时器堆、
selectors（BaseSelectorEventLoop）。区别是任务不再 yield 元组，而是 await 一个
Future；Future 完成时事件循环把等它的 Task 放回就绪队列。

>>> asyncio.run(echo_demo([b"ping", b"pong", b"bye"]))
[b'PING', b'PONG', b'BYE']
>>> order, elapsed = asyncio.run(sleep_demo({"a": 0.03, "b": 0.01, "c": 0.02}))
>>> order
['b', 'c', 'a']
>>> 0.03 <= elapsed < 0.055   # 三个等待重叠，不是 0.06 s
True
"""

from __future__ import annotations

import asyncio
import time


# --8<-- [start:echo]
async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while line := await reader.readline():   # 等数据时让出，事件循环去跑别的 Task
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def echo_demo(messages: list[bytes]) -> list[bytes]:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    replies = []
    for m in messages:
        writer.write(m + b"\n")
        await writer.drain()
        replies.append((await reader.readline()).rstrip(b"\n"))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return replies
# --8<-- [end:echo]


# --8<-- [start:sleep]
async def sleep_demo(delays: dict[str, float]) -> tuple[list[str], float]:
    order: list[str] = []

    async def sleeper(name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        order.append(name)

    start = time.monotonic()
    await asyncio.gather(*(sleeper(n, d) for n, d in delays.items()))
    return order, time.monotonic() - start
# --8<-- [end:sleep]
