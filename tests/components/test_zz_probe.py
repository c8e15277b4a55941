import asyncio, time
async def test_probe(hass, freezer):
    loop = asyncio.get_running_loop()
    a = (time.monotonic(), loop.time(), time.time())
    freezer.tick(100)
    b = (time.monotonic(), loop.time(), time.time())
    print("\nPROBE", a, b)
    t0 = loop.time(); await asyncio.sleep(0.05); print("slept", loop.time() - t0)
