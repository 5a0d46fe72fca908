"""Place resolution: romanization variants from Hangul, the gazetteer index, the resolver.

    from nkwatch.resolve import Gazetteer
    gaz = Gazetteer.from_pack(load_pack("dprk"))
    gaz.best("Sŏngch'ŏn-gun").place_id   # 'south-phyongan/songchon'
"""

from nkwatch.resolve.gazetteer import Candidate, Gazetteer, UnknownPlace

__all__ = ["Candidate", "Gazetteer", "UnknownPlace"]
